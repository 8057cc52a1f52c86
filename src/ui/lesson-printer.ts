import type { Lesson, Step } from '../lessons/model.js';
import type { PortSubstitution } from '../engine/port-plan.js';
import type { EngineEvent, StepResult } from '../engine/step-result.js';
import type { SocketSnapshot } from '../kernel/protocol.js';
import type { PacketSegment } from '../engine/packets/segments.js';
import { waitsForAnotherActor } from '../engine/peer-wait.js';
import { renderMarkdownNow } from './markdown.js';
import {
  actorColor, blockedLine, checksList, codeBlock, lessonHeader, outputLine, resultLine, slowLine, socketTable, stepHeader, substitutionNote,
} from './step-view.js';
import { terminalWidth, theme } from './theme.js';
import { print } from './screen.js';
import { timelineView, type TimelineEntry } from './timeline-view.js';
import type { LessonNetwork } from '../engine/packets/lesson-network.js';
import { lessonPacketsView, packetsNotice, stepPacketsView } from './packets-view.js';
import { summaryLine } from './lesson-summary.js';

export interface PrinterOptions {
  /** Print each step (explanation and code) when it starts: transcripts do, the interactive screen prints it before asking. */
  announceSteps: boolean;
  /** Compact steps: no text after the result; the sockets table and packets only on request. */
  brief?: boolean;
  write?: (text: string) => void;
  /** Applied to the lesson's own texts once rendered (the CLI writes the commands they name in its runnable form). */
  adapt?: (text: string) => string;
}

/**
 * Turns engine events into text on the terminal: the same transcript for the interactive screen
 * and for --auto / non-TTY runs. A step ends with its own output and its checks, just above the
 * prompt; the sockets table and the packets are printed only when they changed (`showState`
 * prints them again on request), never twice the same.
 */
export class LessonPrinter {
  private readonly sockets = new Map<string, SocketSnapshot[]>();
  private readonly timeline: TimelineEntry[] = [];
  /** The step whose output left the (single) terminal line unfinished, if any. */
  private openLine: number | undefined;
  /** Output of steps not yet finished nor blocked: printed with their result, after the state views. */
  private readonly heldOutput = new Map<number, Array<{ stream: 'stdout' | 'stderr'; text: string }>>();
  private shownTable = '';
  private readonly shownSegments = new Set<string>();
  private lastState: { table: string; packets: string } = { table: '', packets: '' };
  private readonly write: (text: string) => void;
  brief: boolean;

  constructor(
    private readonly position: number,
    private readonly total: number,
    private readonly options: PrinterOptions,
  ) {
    this.write = options.write ?? ((text) => print(text));
    this.brief = options.brief ?? false;
  }

  private lesson: Lesson | undefined;
  private network: LessonNetwork | undefined;

  /** The packets view: says at once whether it is on (or why not), then draws after each step and at the end. */
  usePackets(network: LessonNetwork): void {
    this.network = network;
    const wanted = network.status.state !== 'off' || network.status.twoHosts;
    if (wanted) this.write(`${packetsNotice(network.status)}\n`);
  }

  /** Loads the Markdown renderer (texts are rendered at print time, for the width the terminal has then). */
  async prepare(lesson: Lesson): Promise<void> {
    this.lesson = lesson;
    await renderMarkdownNow.ready();
  }

  markdown(text: string): string {
    const rendered = renderMarkdownNow(text, terminalWidth());
    return this.options.adapt ? this.options.adapt(rendered) : rendered;
  }

  /** Header and why any port differs from the document's (before any code shows it). */
  lessonStart(lesson: Lesson, substitutions: PortSubstitution[] = []): string {
    return [lessonHeader(lesson, this.position, this.total), ...substitutions.map(substitutionNote)].join('\n');
  }

  /** Header, port notes and the introduction, printed whole (transcripts). */
  printLessonStart(lesson: Lesson, substitutions: PortSubstitution[] = []): void {
    this.write(`${this.lessonStart(lesson, substitutions)}\n`);
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
        const held = this.heldOutput.get(event.step.number);
        if (held) held.push({ stream: event.stream, text: event.text });
        else this.printOutput(event.step, event.stream, event.text);
        break;
      }
      case 'step-blocked': {
        this.releaseOutput(event.step);
        this.closeOutputLine(event.step);
        const lesson = this.lesson;
        const others = (lesson?.actors ?? []).filter((actor) => actor !== event.step.actor);
        const forPeer = lesson ? waitsForAnotherActor(lesson, event.step, event.waitingIn) : others.length > 0;
        this.write(`${forPeer ? blockedLine(event.step, others, event.waitingIn) : slowLine(event.step, event.waitingIn)}\n`);
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
        this.heldOutput.set(event.step.number, []);
        if (this.options.announceSteps) this.printStep(event.step, this.lesson?.steps.length ?? 0);
        break;
    }
  };

  private printOutput(step: Step, stream: 'stdout' | 'stderr', text: string): void {
    // Two actors may print at once (one of them blocked): each line says whose it is.
    const prefix = this.outputPrefix(step.actor);
    if (this.openLine !== undefined && this.openLine !== step.number) this.write('\n');
    const continuing = this.openLine === step.number;
    const body = text.replace(/\n(?=.)/g, `\n${prefix}`);
    this.write((continuing ? '' : prefix) + outputLine(stream, body));
    this.openLine = text.endsWith('\n') ? undefined : step.number;
  }

  private releaseOutput(step: Step): void {
    const held = this.heldOutput.get(step.number);
    this.heldOutput.delete(step.number);
    for (const chunk of held ?? []) this.printOutput(step, chunk.stream, chunk.text);
  }

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

  /** The packets of this step not drawn yet (a blocked step and the one that unblocked it share theirs). */
  private newSegments(segments: PacketSegment[]): PacketSegment[] {
    const fresh = segments.filter((segment) => !this.shownSegments.has(segmentKey(segment)));
    for (const segment of fresh) this.shownSegments.add(segmentKey(segment));
    return fresh;
  }

  printResult(result: StepResult): void {
    if (result.reply) this.sockets.set(result.step.actor, result.reply.sockets);
    this.timeline.push({ result, sockets: new Map(this.sockets) });
    const parts: string[] = [];
    if (result.blocked) {
      this.closeOutputLine(result.step);
      parts.push(theme.gray(`  (resultado del paso ${result.step.number}, que estaba bloqueado)`));
    }
    // A blocked step ending while another actor's step runs: that step's result shows the state of both.
    const anotherRunning = result.blocked && [...this.heldOutput.keys()].some((number) => number !== result.step.number);
    const table = anotherRunning ? '' : socketTable(this.sockets, result.tcp);
    const segments = result.packets && !anotherRunning ? this.newSegments(result.packets.segments) : [];
    const packets = segments.length ? stepPacketsView(segments, this.network?.trace?.all()) : '';
    if (table || packets) this.lastState = { table, packets: packets || this.lastState.packets };
    if (!this.brief) {
      if (table && table !== this.shownTable) parts.push(table);
      if (packets) parts.push(packets);
      if (result.step.after) parts.push(`\n${this.markdown(result.step.after)}\n`);
    }
    if (table) this.shownTable = table;
    if (parts.length) this.write(`${parts.join('\n')}\n`);
    this.releaseOutput(result.step);
    this.closeOutputLine(result.step);
    this.write(`${resultLine(result)}\n`);
    if (result.checks.length) this.write(`${checksList(result.checks)}\n`);
  }

  /** A new session replaces the old one (a step repeated): what was shown no longer describes it. */
  forgetState(): void {
    this.sockets.clear();
    this.shownTable = '';
    this.shownSegments.clear();
    this.lastState = { table: '', packets: '' };
    this.heldOutput.clear();
    this.openLine = undefined;
  }

  /** The sockets table and the last packets again (a key on the interactive screen). */
  showState(): void {
    const { table, packets } = this.lastState;
    this.write(`${[table, packets].filter(Boolean).join('\n') || theme.gray('  (todavía no hay sockets ni paquetes que mostrar)')}\n`);
  }

  printSummary(results: StepResult[], total: number): void {
    const trace = this.network?.trace;
    const conversation = trace ? lessonPacketsView(trace.all(), trace.steps) : '';
    if (conversation && !this.brief) this.write(`\n${conversation}\n`);
    if ((this.lesson?.actors.length ?? 0) > 1 && !this.brief) {
      const timeline = timelineView(this.timeline);
      if (timeline) this.write(`\n${timeline}\n`);
    }
    this.write(`\n${summaryLine(results, total)}\n`);
  }
}

function segmentKey(segment: PacketSegment): string {
  return `${segment.t} ${segment.kind} ${segment.flags.join(',')} ${segment.seq ?? ''} ${segment.ack ?? ''} ${segment.len}`;
}
