import { EventEmitter } from 'node:events';
import type { Lesson, Step } from '../lessons/model.js';
import { Kernel, type LaunchWrapper } from '../kernel/kernel-client.js';
import type { SocketSnapshot } from '../kernel/protocol.js';
import type { SocketTable } from '../system/proc/socket-table.js';
import type { PortReservation } from '../net/port-reservation.js';
import { describeWaitChannel } from '../system/proc/wait-channel.js';
import { evaluateChecks } from './checks.js';
import { applyPortPlan, type PortSubstitution } from './port-plan.js';
import { variantsHere } from './variant-plan.js';
import { missingRequirement } from './step-requirements.js';
import { choosePorts } from './lesson-ports.js';
import { hostPortProbe, type PortProbe } from './host-port-probe.js';
import { resolvePython } from '../system/python.js';
import { openLessonNetwork, type LessonNetwork } from './packets/lesson-network.js';
import type { StepStatus, StepResult, StepRun, EngineEvent } from './step-result.js';
import { withTimeout } from '../system/with-timeout.js';
import { replayHistory } from './replay-history.js';
import { skippedResult, unfinishedResult } from './unfinished-step.js';

export interface SessionOptions {
  /** A step with no reply after this long is shown as blocked and the other actor may act. */
  blockAfterMs?: number;
  /** Replace every document port even when it is free: lets tests run lessons in parallel. */
  alwaysSubstitutePorts?: boolean;
  /** Environment of the Python kernels. */
  env?: NodeJS.ProcessEnv;
  /** Read the OS TCP table after each step (for the socket view), not only for checks. */
  readTcpStates?: boolean;
  /**
   * Interrupt a step by restarting the actor's Python and replaying its earlier steps, where
   * signals cannot interrupt a blocked socket call (Windows). Default: only on Windows.
   */
  interruptByRestart?: boolean;
  /** How to launch each actor's interpreter (e.g. inside a private network namespace). */
  launchWrapper?: (actor: string) => LaunchWrapper | undefined;
  /** Packets view: true/false as the learner chose; undefined turns it on for lessons that use it. */
  packets?: boolean;
  /** Nothing to show before the first step (--json): `prepare` starts the kernels at once, while it plans the ports. */
  kernelsAtOnce?: boolean;
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
  /** Ports of every socket as last seen open, by "actor name": checks on a closed socket's connection. */
  private readonly endpoints = new Map<string, { local: number; remote: number }>();
  private readonly lastStartByActor = new Map<string, number>();
  /** Steps each actor finished, in order: what a restart must replay to rebuild its state. */
  private readonly history = new Map<string, Step[]>();
  /** Actors being restarted on purpose (an interrupt by restart), not because they crashed. */
  private readonly restartingOnPurpose = new Set<string>();
  /** Why a step was interrupted by us (not by the learner), to report it as a failed check. */
  private readonly interruptReasons = new Map<string, string>();
  private sequence = 0;
  private closing = false;
  /** Every actor's kernel starting (once asked for); resolved once all are up. */
  private booting: Promise<void> | undefined;
  lesson: Lesson;
  substitutions: PortSubstitution[] = [];
  /** The ports this lesson reserved on the machine's network, released when it ends. */
  private portLocks: PortReservation[] = [];

  private constructor(
    readonly original: Lesson,
    private readonly options: SessionOptions,
    /** Where the actors live: the machine's network, or a private one with its packets captured. */
    readonly network: LessonNetwork,
  ) {
    super();
    this.lesson = original;
  }

  /** Starts one kernel per actor (in parallel) and picks free ports where the document's are busy. */
  static async open(lesson: Lesson, options: SessionOptions = {}, onEvent?: (event: EngineEvent) => void): Promise<LessonSession> {
    const session = await LessonSession.prepare(lesson, options, onEvent);
    try {
      await session.startKernels();
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  /**
   * The lesson as it will run (ports planned, variants chosen) before any kernel has started, so
   * that a screen shows its first texts at once and then calls `startKernels()` (on 2 cores, two
   * Pythons booting would slow those texts down). Where only a kernel can tell whether a port is
   * free (no socket table to read, or a private network), the kernels start here and are waited
   * for. `runStep` starts them and waits for them itself.
   */
  static async prepare(lesson: Lesson, options: SessionOptions = {}, onEvent?: (event: EngineEvent) => void): Promise<LessonSession> {
    const network = await openLessonNetwork(lesson, options);
    const session = new LessonSession(network.lesson, options, network);
    if (onEvent) session.on('event', onEvent);
    try {
      // A wrong interpreter is told before any text, and the variants need its version.
      await resolvePython();
      if (options.kernelsAtOnce) void session.startKernels();
      const probe = network.launchWrapper ? undefined : await hostPortProbe();
      if (!probe) await session.startKernels();
      await session.planPorts(probe ?? session.kernelPortProbe());
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  /** Starts every actor's Python (the first call does); resolves once all are up, or rejects with why one could not start. */
  startKernels(): Promise<void> {
    if (!this.booting) {
      const starting = this.closing ? [Promise.reject(new Error('la lección ya terminó'))] : this.original.actors.map((actor) => this.startKernel(actor));
      this.booting = Promise.all(starting).then(() => undefined);
      // Whoever needs the kernels hears why they failed; until then the failure waits here.
      this.booting.catch(() => undefined);
    }
    return this.booting;
  }

  private emitEvent(event: EngineEvent): void {
    this.emit('event', event);
  }

  private async startKernel(actor: string): Promise<Kernel> {
    const kernel = new Kernel(actor, this.options.launchWrapper?.(actor) ?? this.network.launchWrapper?.(actor));
    this.kernels.set(actor, kernel);
    kernel.on('output', (stream, text) => {
      const pending = this.pending.get(actor);
      if (pending) this.emitEvent({ type: 'output', step: pending.step, stream, text });
    });
    await kernel.start(this.options.env);
    // Only a kernel that was up is restarted when it dies: one that cannot start would loop.
    kernel.once('exit', (description) => {
      if (this.closing || this.kernels.get(actor) !== kernel || this.restartingOnPurpose.has(actor)) return;
      this.history.delete(actor);
      this.emitEvent({ type: 'kernel-died', actor, description });
      this.lastSockets.set(actor, []);
      void this.startKernel(actor).then(
        () => this.emitEvent({ type: 'kernel-restarted', actor }),
        () => undefined,
      );
    });
    return kernel;
  }

  /** The port question asked of the lesson's own Python (inside its network, wherever that is). */
  private kernelPortProbe(): PortProbe {
    return async (port, protocol) => (await this.kernels.values().next().value?.portFree(port, protocol)) ?? true;
  }

  private async planPorts(isFree: PortProbe): Promise<void> {
    const choice = await choosePorts(this.original.ports, { isFree, alwaysSubstitute: this.options.alwaysSubstitutePorts, reserve: !this.network.launchWrapper });
    this.portLocks = choice.locks;
    this.substitutions = choice.substitutions;
    for (const substitution of choice.substitutions) this.emitEvent({ type: 'port-substituted', substitution });
    this.lesson = await variantsHere(applyPortPlan(this.original, this.substitutions));
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
    const skipped = this.network.skipReason(step) ?? await missingRequirement(step);
    if (skipped) return this.skipStep(step, skipped);
    this.emitEvent({ type: 'step-started', step });
    // Shown already: only the first step ever waits here, for the kernels to be up.
    await this.startKernels();
    const kernel = this.kernel(step.actor);
    const sequence = ++this.sequence;
    this.lastStartByActor.set(step.actor, sequence);
    let stdout = '';
    let stderr = '';
    const started = performance.now();
    const windowStart = this.network.beginStep(step.actor);
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
        this.rememberEndpoints(step.actor, reply.sockets);
        const packets = await this.network.endStep(step, windowStart, reply.sockets);
        let tcp: SocketTable | undefined;
        const tcpTable = async (): Promise<SocketTable> => (tcp ??= await this.network.readTcpTable());
        if (this.options.readTcpStates) await tcpTable();
        const checks = await evaluateChecks(step.checks, {
          actor: step.actor,
          reply,
          stdout,
          stderr,
          wasBlocked: blocked,
          unblockedByOtherActor: this.otherActorStartedSince(step.actor, sequence),
          socketsOf: (actor) => this.lastSockets.get(actor) ?? [],
          endpointOf: (actor, name) => this.endpoints.get(`${actor} ${name}`),
          tcpTable,
          packets: {
            status: this.network.status, step: packets, all: () => this.network.trace?.all() ?? [],
            actor: step.actor, sockets: reply.sockets,
          },
          probe: this.network.probe && ((request) => this.network.probe!(step.actor, request)),
        });
        const reason = this.interruptReasons.get(step.actor);
        this.interruptReasons.delete(step.actor);
        if (reply.interrupted && reason) {
          checks.push({ name: 'el paso termina cuando el otro actor hace su parte', status: 'fail', message: reason });
        }
        const status: StepStatus = checks.some((check) => check.status === 'fail') ? 'fail' : 'pass';
        this.history.set(step.actor, [...(this.history.get(step.actor) ?? []), step]);
        return { step, status, checks, reply, stdout, stderr, blocked, ms, tcp, packets };
      },
      (error: unknown): StepResult => unfinishedResult(error, this.restartingOnPurpose.has(step.actor), {
        step, stdout, stderr, blocked, ms: performance.now() - started,
      }),
    ).then((result) => {
      if (this.pending.get(step.actor)?.sequence === sequence) this.pending.delete(step.actor);
      this.emitEvent({ type: 'step-finished', result });
      return result;
    });
    const blockAfterMs = this.options.blockAfterMs ?? 300;
    // Blocked or not is decided by the reply itself: the packets view may take a moment longer to settle.
    const finishedInTime = await withTimeout(execution.then(() => true, () => true), blockAfterMs, () => false);
    if (finishedInTime) {
      await completion;
      return { step, blocked, completion };
    }
    blocked = true;
    this.pending.set(step.actor, { step, sequence, completion });
    const waitingIn = await describeWaitChannel(kernel.pid);
    this.emitEvent({ type: 'step-blocked', step, afterMs: blockAfterMs, waitingIn });
    return { step, blocked, waitingIn, completion };
  }

  /** A step this machine cannot run (two hosts, IPv6, AF_UNIX): shown, not run, and it does not fail the lesson. */
  private skipStep(step: Step, reason: string): StepRun {
    this.emitEvent({ type: 'step-started', step });
    const result = skippedResult(step, reason);
    this.emitEvent({ type: 'step-finished', result });
    return { step, blocked: false, completion: Promise.resolve(result) };
  }

  private rememberEndpoints(actor: string, sockets: SocketSnapshot[]): void {
    for (const socket of sockets) {
      const local = socket.local && 'port' in socket.local ? socket.local.port : undefined;
      if (socket.closed || !local) continue;
      const remote = socket.remote && 'port' in socket.remote ? socket.remote.port : 0;
      this.endpoints.set(`${actor} ${socket.name}`, { local, remote });
    }
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
    if (this.options.interruptByRestart ?? process.platform === 'win32') {
      if (!this.kernels.has(actor) || this.restartingOnPurpose.has(actor)) return false;
      void this.restartAndReplay(actor);
      return true;
    }
    return this.kernels.get(actor)?.interrupt() ?? false;
  }

  /**
   * For a step that ignores Ctrl-C (it catches KeyboardInterrupt, or waits where SIGINT cannot reach):
   * a new Python for the actor, with its finished steps replayed. The step ends as failed.
   */
  restartActor(actor: string): boolean {
    if (!this.kernels.has(actor) || this.restartingOnPurpose.has(actor)) return false;
    void this.restartAndReplay(actor);
    return true;
  }

  /** Kills the actor's Python, starts a new one and replays the steps it had finished. */
  private async restartAndReplay(actor: string, replayStepLimitMs = 3000): Promise<void> {
    this.restartingOnPurpose.add(actor);
    try {
      await this.kernel(actor).kill();
      const kernel = await this.startKernel(actor);
      const { replayed, problem: replayProblem } = await replayHistory(kernel, actor, this.history.get(actor) ?? [], replayStepLimitMs);
      if (replayProblem) {
        await kernel.kill();
        await this.startKernel(actor);
      }
      this.emitEvent({ type: 'kernel-restarted', actor, replayed, replayProblem });
    } finally {
      this.restartingOnPurpose.delete(actor);
    }
  }

  /** Interrupts every blocked step and waits (bounded) for their results. */
  async interruptAll(waitMs = 1000): Promise<void> {
    const waiting = [...this.pending.values()];
    for (const pending of waiting) this.interrupt(pending.step.actor);
    await withTimeout(Promise.all(waiting.map((pending) => pending.completion)), waitMs);
  }

  /** Ends the lesson: blocked steps interrupted, connections reset (no TIME_WAIT), process groups killed. */
  async close(): Promise<void> {
    if (this.closing) return;
    if (this.pending.size) await this.interruptAll(500);
    this.closing = true;
    this.network.stop();
    try {
      await Promise.all([...this.kernels.values()].map((kernel) => kernel.shutdown()));
    } finally {
      await this.network.close();
      // Only once no kernel can hold them any more.
      for (const lock of this.portLocks.splice(0)) lock.release();
    }
  }
}
