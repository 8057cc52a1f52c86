import { basename } from 'node:path';
import { formatEndpoint, type AuditEvent, type AuditLog } from './audit-hook.js';
import {
  boundElsewhere, busyLine, describeProgramState, eventsOf, leftBehindLine, portAdvice, wentElsewhereLines, wrongPlaceLines,
  type Expected, type ProgramSnapshot, type ProgramState,
} from './diagnosis.js';
import { PROGRAM_MARK, type LearnerProcess } from './learner-process.js';
import { ProgramStarts, type WaitingStart } from './program-starts.js';
import { runLearnerEnv } from './learner-env.js';
import { randomText } from './random-text.js';
import { pause, RunLifecycle, TestFailure, TestSkipped } from './lifecycle.js';
import type { TcpPeer } from './tcp-peer.js';
import { cpuMark, processesLeftBehind, snapshotOf, type CpuMark } from './program-situation.js';
import { connectionHolders } from './port-owner.js';
import { acceptClient, connectToServer, failIfListeningElsewhere, receiveDatagram, stoppedListeningLines, waitUdpBound } from './readiness-waits.js';
import type { GraderTcpServer } from './grader-tcp-server.js';
import type { Datagram, GraderUdp } from './grader-udp.js';
import type { Transport } from './port-choice.js';

// Testers import these from here: the names stay where they were before the harness was split.
export { TestAborted, TestFailure, TestSkipped } from './lifecycle.js';
export { delay } from '../system/delay.js';
export { ANSWER_MS, CLOSE_MS, STARTUP_TEST_MS } from './readiness.js';

export interface HarnessOptions {
  file: string;
  python: string;
  transport: Transport;
  host: string;
  port: number;
  defaultPort: number;
  portNote?: string;
  /** The run already holds the reservation of the document's port (see net/port-reservation.ts). */
  holdsDocumentPort?: boolean;
  /** The statement asks to listen on every interface (0.0.0.0): not a failure then. */
  allInterfaces?: boolean;
  /** Kills the program's processes if the grader dies (see run-watcher.ts); with the prefix of their marks. */
  watcher?: { watch(pgid: number | undefined): void; markPrefix: string };
  /** The run is in a private network of its own: the document's port is free by construction. */
  privateNetwork?: boolean;
  extraEnv?: NodeJS.ProcessEnv;
  audit: AuditLog;
  /** Client exercises: where the grader listens (bound before the program starts). */
  tcpServer?: GraderTcpServer;
  udpServer?: GraderUdp;
  onStep?: (step: string) => void;
  /** Later starts of the program may be launched ahead (see ProgramStarts). */
  startsAhead?: boolean;
  /** Its first start, launched ahead (see launchFirstStart). */
  waitingStart?: WaitingStart;
}

/**
 * What a test works with: the learner's program (started, watched, killed with its group), the
 * connections the grader holds, the current step, and failure messages that point at the cause.
 * One harness lives for a whole run; its tests share the program when they want to. Lifecycle
 * (abort, teardowns) is RunLifecycle's, waiting for readiness waitUntilReady's, and the words of a
 * diagnosis the pure functions of diagnosis.ts'.
 */
export class Harness {
  readonly host: string;
  readonly fileName: string;
  currentStep = '';
  /** Connections the program accepted in this run: a later refusal means it stopped serving. */
  acceptedConnections = 0;
  private learner: LearnerProcess | undefined;
  private readonly lifecycle = new RunLifecycle();
  /** Later tests of the run that start the program afresh (set before each test: see ProgramStarts). */
  restartsAhead = 0;
  private readonly starts: ProgramStarts;
  /** The program's CPU time when the current test began (see busyLines). */
  private cpuAtTestStart: Promise<CpuMark | undefined> = Promise.resolve(undefined);

  constructor(readonly options: HarnessOptions) {
    this.host = options.host;
    this.fileName = basename(options.file);
    this.starts = new ProgramStarts({
      python: options.python,
      file: options.file,
      markPrefix: options.watcher?.markPrefix,
      watch: options.watcher ? (pgid) => options.watcher!.watch(pgid) : undefined,
      onTeardown: (teardown) => void this.onTeardown(teardown),
      ahead: options.startsAhead ?? false,
      waiting: options.waitingStart,
    });
  }

  /** The port of this run (a test may move it: see port-moves.ts). */
  get port(): number {
    return this.options.port;
  }

  get expected(): Expected {
    const { transport, host, port, defaultPort, portNote, tcpServer, udpServer } = this.options;
    return { transport, host, port, defaultPort, portNote, role: tcpServer || udpServer ? 'client' : 'server' };
  }

  /** Ends the current test as not done, saying why (it could not run here); the run goes on. */
  skip(reason: string): never {
    throw new TestSkipped(reason);
  }

  get endpoint(): string {
    return formatEndpoint(this.host, this.port);
  }

  get tcpServer(): GraderTcpServer {
    if (!this.options.tcpServer) throw new Error('this exercise has no grader TCP server');
    return this.options.tcpServer;
  }

  get udpServer(): GraderUdp {
    if (!this.options.udpServer) throw new Error('this exercise has no grader UDP socket');
    return this.options.udpServer;
  }

  /** Resolves when the current test runs out of time: every wait races against it. */
  get abort(): Promise<void> {
    return this.lifecycle.abort;
  }

  /** The same moment as an AbortSignal, for APIs that take one. */
  get signal(): AbortSignal {
    return this.lifecycle.signal;
  }

  get aborted(): boolean {
    return this.lifecycle.aborted;
  }

  beginTest(): void {
    this.cpuAtTestStart = cpuMark(this.learner);
    this.lifecycle.beginTest();
  }

  abortTest(): void {
    this.lifecycle.abortTest();
  }

  /** Registers something to close at the end of the run (newest first); the returned function closes it now. */
  onTeardown(teardown: () => void | Promise<void>): () => Promise<void> {
    return this.lifecycle.onTeardown(teardown);
  }

  step(text: string): void {
    this.lifecycle.checkAborted();
    this.currentStep = text;
    this.options.onStep?.(text);
  }

  get program(): LearnerProcess | undefined {
    return this.learner;
  }

  /** Starts the learner's program (killing a previous one first); `env` adds or removes (undefined) variables. */
  async startProgram(env: { HOST?: string | null; PUERTO?: string | null } = {}): Promise<LearnerProcess> {
    await this.learner?.stop();
    this.options.audit.clear();
    const environment = runLearnerEnv(this.options.audit, { host: this.host, port: this.port }, this.options.extraEnv);
    for (const name of ['HOST', 'PUERTO'] as const) {
      if (env[name] === null) delete environment[name];
      else if (env[name] !== undefined) environment[name] = env[name];
    }
    const learner = this.starts.start(environment, this.restartsAhead > 0);
    this.learner = learner;
    this.acceptedConnections = 0;
    return learner;
  }

  requireProgram(): LearnerProcess {
    if (!this.learner) throw new Error('the test must start the program first');
    return this.learner;
  }

  /** Everything the program printed since it started (kept part). */
  programOutput(): string {
    return this.learner?.outputSince(0) ?? '';
  }

  track(peer: TcpPeer): TcpPeer {
    this.onTeardown(() => peer.dispose());
    return peer;
  }

  trackUdp(socket: GraderUdp): GraderUdp {
    this.onTeardown(() => socket.close());
    return socket;
  }

  /** Closes a connection the right way (see TcpPeer.dispose). */
  release(peer: TcpPeer): void {
    peer.dispose();
  }

  // ── Failures ─────────────────────────────────────────────────────────────────────────────

  /**
   * Fails the test with `lines`, followed by what became of the program: when `settle` is set
   * (the connection just ended: the program is probably dying), we first wait briefly for it to
   * exit so that its traceback is there to explain.
   */
  async fail(lines: string[], settle = false, unlessException: string[] = []): Promise<never> {
    this.lifecycle.checkAborted();
    const program = this.learner;
    if (program && settle && !program.end) await program.waitEnd(1000);
    const state = this.programState();
    // A guess at the cause ("¿una sola llamada a recv()?") only helps when no exception says it better.
    const guesses = state.exception ? [] : unlessException;
    throw new TestFailure([...lines, ...guesses, ...state.lines, ...(await this.situationLines())], state.exception);
  }

  /** What the program is doing now, when it explains a failure: computing without end, or gone leaving processes behind. */
  async situationLines(): Promise<string[]> {
    const [busy, left] = await Promise.all([this.busyLines(), this.leftBehindLines()]);
    return [...busy, ...left];
  }

  /** The program ended by itself, but processes it started live on (they may be the ones holding the connection). */
  private async leftBehindLines(): Promise<string[]> {
    return leftBehindLine(await processesLeftBehind(this.learner));
  }

  /** A line when the program spent this test computing without end (see busyLine). */
  async busyLines(): Promise<string[]> {
    const [start, now] = await Promise.all([this.cpuAtTestStart, cpuMark(this.learner)]);
    if (!start || !now || start.program !== now.program || now.program.flooded) return [];
    return busyLine(start, now);
  }

  /** The program as it is now, for the pure diagnoses. */
  snapshot(): ProgramSnapshot | undefined {
    return this.learner && snapshotOf(this.learner, this.options.file, this.fileName);
  }

  /** Lines about the program: flooding, or how it ended and its exception explained. */
  programState(): ProgramState {
    const snapshot = this.snapshot();
    return snapshot ? describeProgramState(snapshot, this.options.audit.events(), this.expected) : { lines: [] };
  }

  auditEvents(event: AuditEvent['event'], type?: number): AuditEvent[] {
    return eventsOf(this.options.audit.events(), event, type);
  }

  /** "You listen on X, not on Y" (see diagnosis.wrongPlaceLines). */
  wrongPlaceLines(places: { host: string; port: number | undefined }[], attempted = false): string[] {
    return wrongPlaceLines(places, this.expected, attempted);
  }

  /** Why the port is PUERTO and how to read it. */
  portAdvice(usedPorts: (number | undefined)[]): string[] {
    return portAdvice(usedPorts, this.expected);
  }

  /** Client exercises: where the program tried to connect or send, when not where expected. */
  wentElsewhereLines(event: 'connect' | 'sendto'): string[] {
    return wentElsewhereLines(this.options.audit.events(), event, this.expected);
  }

  /** Which of the program's processes hold the server's end of `peer` (see port-owner.connectionHolders). */
  async connectionHolders(peer: TcpPeer): Promise<Awaited<ReturnType<typeof connectionHolders>>> {
    const program = this.learner;
    if (!program?.child.pid || peer.localPort === undefined) return undefined;
    return connectionHolders({ port: this.port, pgid: program.child.pid, mark: { name: PROGRAM_MARK, value: program.processMark }, peerPort: peer.localPort });
  }

  /** Where the program's bind() calls went, when not where expected (from the audit: works after it ended). */
  attemptedElsewhereLines(): string[] {
    return wrongPlaceLines(boundElsewhere(this.options.audit.events(), this.expected), this.expected, true);
  }

  /** Throws TestAborted once the current test is out of time. */
  checkAborted(): void {
    this.lifecycle.checkAborted();
  }

  /** Connects to the learner's server as soon as it listens (see readiness-waits.connectToServer). */
  connect(): Promise<TcpPeer> {
    return connectToServer(this);
  }

  /** Fails at once when the program listens (or is bound), but not where it should. */
  failIfListeningElsewhere(): Promise<void> {
    return failIfListeningElsewhere(this);
  }

  /** A server that accepted a client and closed its listening socket since (empty otherwise). */
  stoppedListeningLines(): Promise<string[]> {
    return stoppedListeningLines(this);
  }

  /** Waits for the learner's client to connect to the grader's server; says where it went if not. */
  acceptClient(): Promise<TcpPeer> {
    return acceptClient(this);
  }

  /** Waits for the learner's client's datagram on the grader's UDP socket; says where it went if not. */
  receiveDatagram(): Promise<Datagram> {
    return receiveDatagram(this);
  }

  /** Waits until the program has a UDP socket bound to PUERTO; false where the OS cannot tell. */
  waitUdpBound(): Promise<boolean> {
    return waitUdpBound(this);
  }

  // ── Waiting for the program to end ───────────────────────────────────────────────────────

  /** Expects the program to exit by itself with code 0 within `ms`. */
  async expectCleanExit(ms: number, ifStillRunning: string[]): Promise<void> {
    const program = this.requireProgram();
    const end = await Promise.race([program.waitEnd(ms), this.abort.then(() => undefined)]);
    this.lifecycle.checkAborted();
    if (!end) await this.fail(ifStillRunning);
    if (program.flooded || end!.code !== 0) await this.fail([]);
  }

  /**
   * Waits until the program has printed `text` (or ended), at most `ms`; says whether it printed
   * it. Polls the captured output: the program decides when it prints.
   */
  async waitUntilPrinted(text: string, ms: number): Promise<boolean> {
    const program = this.requireProgram();
    const deadline = Date.now() + ms;
    for (;;) {
      this.lifecycle.checkAborted();
      if (program.stdout().includes(text)) return true;
      if (program.end || Date.now() > deadline) return false;
      await Promise.race([program.ended, pause(25, this.signal)]);
    }
  }

  /** Fresh text for each run, with non-ASCII letters, so a hard-coded answer cannot pass. */
  randomText(prefix = 'Hola desde el taller'): string {
    return randomText(prefix);
  }

  /** The end of a run: our connections closed the right way first (newest first), then the program's group killed. */
  async teardown(): Promise<void> {
    const learner = this.learner;
    await this.lifecycle.teardown();
    await learner?.stop();
  }
}
