import { EventEmitter } from 'node:events';
import type { Lesson, Step } from '../lessons/model.js';
import { Kernel, KernelDiedError, type LaunchWrapper } from '../kernel/kernel-client.js';
import type { SocketSnapshot, StepReply } from '../kernel/protocol.js';
import { readTcpTable, type TcpTable } from '../net/tcp-states.js';
import { findFreePort } from '../net/free-port.js';
import { evaluateChecks, type CheckResult } from './checks.js';
import { applyPortPlan, type PortSubstitution } from './port-plan.js';

export type StepStatus = 'pass' | 'fail' | 'error';

export interface StepResult {
  step: Step;
  status: StepStatus;
  checks: CheckResult[];
  reply?: StepReply;
  stdout: string;
  stderr: string;
  /** It did not finish within the blocking threshold. */
  blocked: boolean;
  /** Wall time from sending the step to its reply, engine included. */
  ms: number;
  /** The OS's TCP table when the step finished (Linux), for the socket view. */
  tcp?: TcpTable;
  /** Why the step could not run at all (its Python process died). */
  problem?: string;
}

export interface StepRun {
  step: Step;
  blocked: boolean;
  completion: Promise<StepResult>;
}

export type EngineEvent =
  | { type: 'port-substituted'; substitution: PortSubstitution }
  | { type: 'step-started'; step: Step }
  | { type: 'output'; step: Step; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'step-blocked'; step: Step; afterMs: number }
  | { type: 'step-finished'; result: StepResult }
  | { type: 'kernel-died'; actor: string; description: string }
  | { type: 'kernel-restarted'; actor: string };

export interface SessionOptions {
  /** A step with no reply after this long is shown as blocked and the other actor may act. */
  blockAfterMs?: number;
  /** Environment of the Python kernels. */
  env?: NodeJS.ProcessEnv;
  /** Read the OS TCP table after each step (for the socket view), not only for checks. */
  readTcpStates?: boolean;
  /** How to launch each actor's interpreter (e.g. inside a private network namespace). */
  launchWrapper?: (actor: string) => LaunchWrapper | undefined;
}

interface PendingStep {
  step: Step;
  sequence: number;
  completion: Promise<StepResult>;
}

/**
 * A lesson being run live: one Python kernel per actor, steps sent one at a time. It never prints
 * or prompts; it emits events and returns results, so that the interactive screen, --auto, --json
 * and the tests all share it.
 */
export class LessonSession extends EventEmitter<{ event: [EngineEvent] }> {
  readonly kernels = new Map<string, Kernel>();
  private readonly pending = new Map<string, PendingStep>();
  private readonly lastSockets = new Map<string, SocketSnapshot[]>();
  private readonly lastStartByActor = new Map<string, number>();
  /** Why a step was interrupted by us (not by the learner), to report it as a failed check. */
  private readonly interruptReasons = new Map<string, string>();
  private sequence = 0;
  private closing = false;
  lesson: Lesson;
  substitutions: PortSubstitution[] = [];

  private constructor(
    readonly original: Lesson,
    private readonly options: SessionOptions,
  ) {
    super();
    this.lesson = original;
  }

  /** Starts one kernel per actor (in parallel) and picks free ports where the document's are busy. */
  static async open(lesson: Lesson, options: SessionOptions = {}, onEvent?: (event: EngineEvent) => void): Promise<LessonSession> {
    const session = new LessonSession(lesson, options);
    if (onEvent) session.on('event', onEvent);
    try {
      await Promise.all(lesson.actors.map((actor) => session.startKernel(actor)));
      await session.planPorts();
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  private emitEvent(event: EngineEvent): void {
    this.emit('event', event);
  }

  private async startKernel(actor: string): Promise<Kernel> {
    const kernel = new Kernel(actor, this.options.launchWrapper?.(actor));
    this.kernels.set(actor, kernel);
    kernel.on('output', (stream, text) => {
      const pending = this.pending.get(actor);
      if (pending) this.emitEvent({ type: 'output', step: pending.step, stream, text });
    });
    kernel.once('exit', (description) => {
      if (this.closing || this.kernels.get(actor) !== kernel) return;
      this.emitEvent({ type: 'kernel-died', actor, description });
      this.lastSockets.set(actor, []);
      void this.startKernel(actor).then(
        () => this.emitEvent({ type: 'kernel-restarted', actor }),
        () => undefined,
      );
    });
    await kernel.start(this.options.env);
    return kernel;
  }

  private async planPorts(): Promise<void> {
    const kernel = this.kernels.values().next().value as Kernel | undefined;
    if (!kernel) return;
    for (const documentPort of this.original.ports) {
      if (await kernel.portFree(documentPort.port, documentPort.protocol)) continue;
      let replacement = 0;
      for (let attempt = 0; attempt < 10 && !replacement; attempt++) {
        const candidate = await findFreePort();
        if (await kernel.portFree(candidate, documentPort.protocol)) replacement = candidate;
      }
      if (!replacement) throw new Error(`no free port found to replace ${documentPort.port}`);
      const substitution = { ...documentPort, replacement };
      this.substitutions.push(substitution);
      this.emitEvent({ type: 'port-substituted', substitution });
    }
    this.lesson = applyPortPlan(this.original, this.substitutions);
  }

  kernel(actor: string): Kernel {
    const kernel = this.kernels.get(actor);
    if (!kernel) throw new Error(`no kernel for actor ${actor}`);
    return kernel;
  }

  /** The step of this actor still running (blocked), if any. */
  pendingStep(actor: string): PendingStep | undefined {
    return this.pending.get(actor);
  }

  /**
   * Runs a step. Resolves as soon as the step finishes, or when it has run for `blockAfterMs`
   * without finishing: then it is blocked and `completion` resolves when it finally ends.
   * A step of an actor whose previous step is still blocked waits for that one first.
   */
  async runStep(step: Step): Promise<StepRun> {
    const earlier = this.pending.get(step.actor);
    if (earlier) await earlier.completion;
    const kernel = this.kernel(step.actor);
    const sequence = ++this.sequence;
    this.lastStartByActor.set(step.actor, sequence);
    this.emitEvent({ type: 'step-started', step });
    let stdout = '';
    let stderr = '';
    const started = performance.now();
    const execution = kernel.exec(step.code, `<${step.actor}, paso ${step.number}>`, (stream, text) => {
      if (stream === 'stdout') stdout += text;
      else stderr += text;
      this.emitEvent({ type: 'output', step, stream, text });
    });
    let blocked = false;
    const completion = execution.then(
      async (reply): Promise<StepResult> => {
        const ms = performance.now() - started;
        this.lastSockets.set(step.actor, reply.sockets);
        let tcp: TcpTable | undefined;
        const tcpTable = async (): Promise<TcpTable> => (tcp ??= await readTcpTable());
        if (this.options.readTcpStates) await tcpTable();
        const checks = await evaluateChecks(step.checks, {
          actor: step.actor,
          reply,
          stdout,
          stderr,
          wasBlocked: blocked,
          unblockedByOtherActor: this.otherActorStartedSince(step.actor, sequence),
          socketsOf: (actor) => this.lastSockets.get(actor) ?? [],
          tcpTable,
        });
        const reason = this.interruptReasons.get(step.actor);
        this.interruptReasons.delete(step.actor);
        if (reply.interrupted && reason) {
          checks.push({ name: 'el paso termina cuando el otro actor hace su parte', status: 'fail', message: reason });
        }
        const status: StepStatus = checks.some((check) => check.status === 'fail') ? 'fail' : 'pass';
        return { step, status, checks, reply, stdout, stderr, blocked, ms, tcp };
      },
      (error: unknown): StepResult => {
        const problem = error instanceof KernelDiedError
          ? `El proceso de Python de «${step.actor}» terminó de forma inesperada (${error.exitDescription}); se reinicia limpio.`
          : `Error interno al ejecutar el paso: ${(error as Error).message}`;
        return { step, status: 'error', checks: [], stdout, stderr, blocked, ms: performance.now() - started, problem };
      },
    ).then((result) => {
      if (this.pending.get(step.actor)?.sequence === sequence) this.pending.delete(step.actor);
      this.emitEvent({ type: 'step-finished', result });
      return result;
    });
    const blockAfterMs = this.options.blockAfterMs ?? 300;
    let timer: NodeJS.Timeout | undefined;
    const finishedInTime = await Promise.race([
      completion.then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), blockAfterMs); }),
    ]);
    clearTimeout(timer);
    if (!finishedInTime) {
      blocked = true;
      this.pending.set(step.actor, { step, sequence, completion });
      this.emitEvent({ type: 'step-blocked', step, afterMs: blockAfterMs });
    }
    return { step, blocked, completion };
  }

  private otherActorStartedSince(actor: string, sequence: number): boolean {
    for (const [other, started] of this.lastStartByActor) if (other !== actor && started > sequence) return true;
    return false;
  }

  /**
   * Interrupts the running step of an actor (Ctrl-C); the kernel and its sockets survive.
   * With a reason, the interruption is ours (a step stuck for too long) and fails the step.
   */
  interrupt(actor: string, reason?: string): boolean {
    if (reason) this.interruptReasons.set(actor, reason);
    return this.kernels.get(actor)?.interrupt() ?? false;
  }

  /** Interrupts every blocked step and waits (bounded) for their results. */
  async interruptAll(waitMs = 1000): Promise<void> {
    const waiting = [...this.pending.values()];
    for (const pending of waiting) this.interrupt(pending.step.actor);
    await Promise.race([Promise.all(waiting.map((pending) => pending.completion)), delay(waitMs)]);
  }

  /** Ends the lesson: blocked steps interrupted, connections reset (no TIME_WAIT), process groups killed. */
  async close(): Promise<void> {
    if (this.closing) return;
    if (this.pending.size) await this.interruptAll(500);
    this.closing = true;
    await Promise.all([...this.kernels.values()].map((kernel) => kernel.shutdown()));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
