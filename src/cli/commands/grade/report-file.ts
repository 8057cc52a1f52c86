import { renameSync, rmSync, writeFileSync } from 'node:fs';
import type { ClassEvent, ClassReport } from '../../../teacher/grade-class.js';
import { renderReport, type RenderOptions, type ReportFormat } from '../../../teacher/report/formats.js';
import type { SubmissionOutcome } from '../../../teacher/run-submission.js';

/**
 * The report file of `--salida`, written as results come: after each submission the whole
 * report so far (marked partial) replaces the file at once (written aside, then renamed), so a
 * run killed at any moment, even with SIGKILL, leaves a readable report that says it is partial.
 */
export class ReportFile {
  private readonly outcomes: SubmissionOutcome[] = [];
  private started: Extract<ClassEvent, { type: 'started' }> | undefined;
  private readonly startedAt = Date.now();

  constructor(
    private readonly path: string,
    private readonly format: ReportFormat,
    private readonly options: RenderOptions,
    private readonly base: Pick<ClassReport, 'exercise' | 'folder' | 'scale'>,
  ) {}

  onEvent(event: ClassEvent): void {
    if (event.type === 'started') this.started = event;
    else this.outcomes.push(event.outcome);
    if (this.started) this.write(this.partial());
  }

  private partial(): ClassReport {
    const started = this.started!;
    const outcomes = [...this.outcomes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { ...this.base, isolation: started.isolation, parallel: started.parallel, total: started.total, outcomes, seconds: (Date.now() - this.startedAt) / 1000 };
  }

  write(report: ClassReport): void {
    const aside = `${this.path}.${process.pid}.parcial`;
    try {
      writeFileSync(aside, renderReport(report, this.format, this.options));
      renameSync(aside, this.path);
    } catch (error) {
      rmSync(aside, { force: true });
      throw error;
    }
  }
}
