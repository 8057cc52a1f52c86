import type { Lesson, Step } from '../lessons/model.js';
import type { PortSubstitution } from '../engine/port-plan.js';
import type { EngineEvent, StepResult } from '../engine/lesson-session.js';
import type { SocketSnapshot } from '../kernel/protocol.js';
import { renderMarkdown } from './markdown.js';
import {
  actorColor, blockedLine, checksList, codeBlock, lessonHeader, outputLine, resultLine, socketTable, stepHeader, substitutionNote,
} from './step-view.js';
import { theme } from './theme.js';
import { timelineView, type TimelineEntry } from './timeline-view.js';
import type { LessonNetwork } from '../engine/packets/lesson-network.js';
import { lessonPacketsView, packetsNotice, stepPacketsView } from './packets-view.js';

/**
 * Turns engine events into text on the terminal: the same transcript for the interactive screen
 * and for --auto / non-TTY runs. Markdown is rendered up front so events can print synchronously.
 */
export class LessonPrinter {
  private readonly rendered = new Map<string, string>();
  private readonly sockets = new Map<string, SocketSnapshot[]>();
  private readonly timeline: TimelineEntry[] = [];
  /** The step whose output left the (single) terminal line unfinished, if any. */
  private openLine: number | undefined;

  constructor(
    private readonly position: number,
    private readonly total: number,
    /** Print each step (explanation and code) when it starts: transcripts do, the interactive screen prints it before asking. */
    private readonly announceSteps: boolean,
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  private lesson: Lesson | undefined;
  private network: LessonNetwork | undefined;

  /** The packets view: says at once whether it is on (or why not), then draws after each step and at the end. */
  usePackets(network: LessonNetwork): void {
    this.network = network;
    const wanted = network.status.state !== 'off' || network.status.twoHosts;
    if (wanted) this.write(`${packetsNotice(network.status)}\n`);
  }

  /** Renders every text of the lesson once: a text already rendered (an earlier call) is kept. */
  async prepare(lesson: Lesson): Promise<void> {
    this.lesson = lesson;
    const texts = [lesson.intro, ...lesson.steps.flatMap((step) => [step.explanation, step.after])];
    await Promise.all(texts.filter((text) => !this.rendered.has(text)).map(async (text) => this.rendered.set(text, await renderMarkdown(text))));
  }

  private markdown(text: string): string {
    return this.rendered.get(text) ?? text;
  }

  /** Header, then why any port differs from the document's (before any code shows it), then the intro. */
  printLessonStart(lesson: Lesson, substitutions: PortSubstitution[] = []): void {
    this.write(`${lessonHeader(lesson, this.position, this.total)}\n`);
    for (const substitution of substitutions) this.write(`${substitutionNote(substitution)}\n`);
    if (lesson.intro) this.write(`${this.markdown(lesson.intro)}\n\n`);
  }

  printStep(step: Step, total: number): void {
    this.write(`\n${stepHeader(step, total)}\n`);
    if (step.explanation) this.write(`${this.markdown(step.explanation)}\n\n`);
    this.write(`${codeBlock(step)}\n\n`);
  }

  /** Handles one engine event; returns nothing, prints what the learner should see. */
  readonly onEvent = (event: EngineEvent): void => {
    switch (event.type) {
      case 'port-substituted':
        this.write(`${substitutionNote(event.substitution)}\n`);
        break;
      case 'output': {
        // Two actors may print at once (one of them blocked): each line says whose it is.
        const prefix = this.outputPrefix(event.step.actor);
        if (this.openLine !== undefined && this.openLine !== event.step.number) this.write('\n');
        const continuing = this.openLine === event.step.number;
        const text = event.text.replace(/\n(?=.)/g, `\n${prefix}`);
        this.write((continuing ? '' : prefix) + outputLine(event.stream, text));
        this.openLine = event.text.endsWith('\n') ? undefined : event.step.number;
        break;
      }
      case 'step-blocked': {
        this.closeOutputLine(event.step);
        const others = (this.lesson?.actors ?? []).filter((actor) => actor !== event.step.actor);
        this.write(`${blockedLine(event.step, others, event.waitingIn)}\n`);
        break;
      }
      case 'step-finished':
        this.printResult(event.result);
        break;
      case 'kernel-died':
        this.write(`${theme.red(`  ✘ El proceso de Python de «${event.actor}» terminó (${event.description}). Lo reinicio con un estado limpio.`)}\n`);
        break;
      case 'kernel-restarted':
        if (event.replayed === undefined) {
          this.write(`${theme.yellow(`  • «${event.actor}» tiene un Python nuevo, vacío: los pasos anteriores de ese actor ya no cuentan.`)}\n`);
        } else {
          this.write(`${theme.yellow(`  • Python de «${event.actor}» reiniciado; repetí sus ${event.replayed} pasos anteriores.${event.replayProblem ? ` Ojo: ${event.replayProblem}.` : ''}`)}\n`);
        }
        break;
      case 'step-started':
        if (this.announceSteps) this.printStep(event.step, this.lesson?.steps.length ?? 0);
        break;
    }
  };

  private closeOutputLine(step: Step): void {
    if (this.openLine === step.number) this.write('\n');
    if (this.openLine === step.number) this.openLine = undefined;
  }

  private outputPrefix(actor: string): string {
    const actors = this.lesson?.actors ?? [];
    if (actors.length < 2) return '    ';
    const width = Math.max(...actors.map((name) => name.length));
    return `    ${actorColor(actor)(actor.padEnd(width))} │ `;
  }

  printResult(result: StepResult): void {
    this.closeOutputLine(result.step);
    if (result.reply) this.sockets.set(result.step.actor, result.reply.sockets);
    this.timeline.push({ result, sockets: new Map(this.sockets) });
    const label = result.blocked ? theme.gray(`  (resultado del paso ${result.step.number}, que estaba bloqueado)\n`) : '';
    this.write(`${label}${resultLine(result)}\n`);
    const table = socketTable(this.sockets, result.tcp);
    if (table) this.write(`${table}\n`);
    if (result.packets) this.write(`${stepPacketsView(result.packets.segments, this.network?.trace?.all())}\n`);
    if (result.checks.length) this.write(`${checksList(result.checks)}\n`);
    if (result.step.after) this.write(`\n${this.markdown(result.step.after)}\n`);
  }

  printSummary(results: StepResult[], total: number): void {
    const trace = this.network?.trace;
    const conversation = trace ? lessonPacketsView(trace.all(), trace.steps) : '';
    if (conversation) this.write(`\n${conversation}\n`);
    if ((this.lesson?.actors.length ?? 0) > 1) {
      const timeline = timelineView(this.timeline);
      if (timeline) this.write(`\n${timeline}\n`);
    }
    const notHere = results.filter((result) => result.skipped).length;
    const passed = results.filter((result) => result.status === 'pass' && !result.skipped).length;
    const checks = results.flatMap((result) => (result.skipped ? [] : result.checks));
    const failedChecks = checks.filter((check) => check.status === 'fail').length;
    const skipped = checks.filter((check) => check.status === 'skip').length;
    const line = `Pasos superados: ${passed} de ${total - notHere}${notHere ? ` (${notHere} no se pueden ejecutar en este equipo)` : ''} · ` +
      `comprobaciones: ${checks.length - failedChecks - skipped} bien, ` +
      `${failedChecks} mal${skipped ? `, ${skipped} no disponibles en este sistema` : ''}`;
    this.write(`\n${passed === total - notHere ? theme.green(`✔ ${line}`) : theme.red(`✘ ${line}`)}\n`);
  }
}
