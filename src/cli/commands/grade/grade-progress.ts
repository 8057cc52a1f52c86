import type { ClassEvent } from '../../../teacher/grade-class.js';
import { STATUS_WORDS } from '../../../teacher/report/status-words.js';
import { describeIsolation } from '../../../teacher/isolation.js';
import { shownName } from '../../../teacher/report/partial-note.js';
import { isTerminal } from '../../../system/terminal.js';

/**
 * Progress while grading, on stderr (the report may be on stdout): on a terminal, one line
 * rewritten in place (done / total, passing so far); otherwise one plain line per submission.
 */
export class GradeProgress {
  private readonly tty: boolean;
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.tty = isTerminal(stream);
  }

  onEvent(event: ClassEvent): void {
    if (event.type === 'started') {
      const line = `Califico ${event.total} ${event.total === 1 ? 'entrega' : 'entregas'}, ${event.parallel} a la vez; ${describeIsolation(event.isolation)}.`;
      this.stream.write(`${line}\n`);
      if (this.tty) this.update(0, event.total, 0);
      return;
    }
    const { outcome, done, total, passing } = event;
    if (this.tty) {
      this.update(done, total, passing);
      return;
    }
    const reason = outcome.status === 'pass' ? '' : `: ${(outcome.message.split('\n')[0] ?? '').slice(0, 120)}`;
    this.stream.write(
      `[${done}/${total}] ${shownName(outcome)}: ${STATUS_WORDS[outcome.status]} (${outcome.passed}/${outcome.total}, ${outcome.seconds.toFixed(1).replace('.', ',')} s)${reason}\n`,
    );
  }

  private update(done: number, total: number, passing: number): void {
    this.shown = true;
    this.stream.write(`\r\u001b[2KCalificando: ${done}/${total} hechas, ${passing} ${passing === 1 ? 'aprueba' : 'aprueban'}`);
  }

  finish(): void {
    if (this.tty && this.shown) this.stream.write('\n');
  }
}
