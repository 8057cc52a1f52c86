import { randomInt } from 'node:crypto';
import { basename } from 'node:path';
import { AuditLog, formatEndpoint, SOCK_DGRAM, SOCK_STREAM, type AuditEvent } from './audit-hook.js';
import { LearnerProcess, FLOOD_BYTES, CHATTY_BYTES, PROGRAM_MARK } from './learner-process.js';
import { learnerEnv } from './learner-env.js';
import { learnerBoundSockets, readProcSockets, type BoundSocket } from './learner-sockets.js';
import { describeException, parseTraceback, type LearnerException } from './python-traceback.js';
import { connectOnce, type TcpPeer } from './tcp-peer.js';
import { ActivityWatch, groupCpu } from './process-activity.js';
import { markedPids } from './process-tree.js';
import type { GraderTcpServer } from './grader-tcp-server.js';
import type { Datagram, GraderUdp } from './grader-udp.js';
import type { Transport } from './port-choice.js';
import { seconds } from './bytes-view.js';

/** A failed expectation: Spanish lines for the learner. Thrown by tests, caught by the runner. */
export class TestFailure extends Error {
  constructor(readonly lines: string[], readonly exception?: LearnerException) {
    super(lines.join('\n'));
    this.name = 'TestFailure';
  }
}

/** Raised inside a test once its time is up: the runner reports the timeout, not this. */
export class TestAborted extends Error {}

/**
 * Starting up: Python starts in ~40 ms, but on a loaded machine it may take seconds. So a program
 * that has not listened (or connected) yet fails once it has been asleep, using no CPU, for
 * WAITING_MS (it waits for something else: sleep, input, another port), once it has used
 * BUSY_CPU_MS of CPU (a loop that never ends), and in any case after READY_CAP_MS. Where the OS
 * does not tell us (no /proc), after READY_MS.
 */
export const READY_MIN_MS = 1000;
/** Above a deliberate pause of a couple of seconds (time.sleep(2) before listening must pass). */
export const WAITING_MS = 3000;
/**
 * CPU time a program may burn without listening (or connecting): starting Python takes well under
 * a tenth of this, on any machine (a loaded one slows the clock, not the CPU time). More is a loop.
 */
export const BUSY_CPU_MS = 3000;
export const READY_CAP_MS = 20000;
export const READY_MS = 10000;
/** Time limit of a test that starts the program: beyond READY_CAP_MS. */
export const STARTUP_TEST_MS = READY_CAP_MS + 5000;
/** How long we wait for an answer that should come at once (restarted by every byte). */
export const ANSWER_MS = 3000;
/** How long a program may take to close or exit once it should. */
export const CLOSE_MS = 3000;

/** The program's CPU time at a moment. */
interface CpuMark {
  program: LearnerProcess;
  cpuMs: number;
  running: boolean;
  at: number;
}

/** Why a program that should be listening or connecting by now is late; `busy`: it is computing, not waiting. */
interface Late {
  reason: string;
  busy: boolean;
}

const LOOP_BEFORE = (call: string): string => `¿Un bucle que no termina (while True sin break) antes de ${call}? Mientras da vueltas, tu programa no llega hasta ahí.`;

export interface HarnessOptions {
  exerciseId: string;
  file: string;
  python: string;
  transport: Transport;
  role: 'server' | 'client';
  host: string;
  port: number;
  defaultPort: number;
  portNote?: string;
  extraEnv?: NodeJS.ProcessEnv;
  audit: AuditLog;
  /** Client exercises: where the grader listens (bound before the program starts). */
  tcpServer?: GraderTcpServer;
  udpServer?: GraderUdp;
  onStep?: (step: string) => void;
}

/**
 * What a test works with: the learner's program (started, watched, killed with its group), the
 * connections the grader holds, the current step, and failure messages that point at the cause.
 * One harness lives for a whole run; its tests share the program when they want to.
 */
export class Harness {
  readonly host: string;
  readonly port: number;
  readonly fileName: string;
  currentStep = '';
  private learner: LearnerProcess | undefined;
  private learnerStartMark = 0;
  private readonly peers = new Set<TcpPeer>();
  private readonly udpSockets = new Set<GraderUdp>();
  /** Connections the program accepted in this run: a later refusal means it stopped serving. */
  acceptedConnections = 0;
  /** The program's CPU time when the current test began (see busyLines). */
  private cpuAtTestStart: Promise<CpuMark | undefined> = Promise.resolve(undefined);
  private abortPromise: Promise<void> = new Promise(() => undefined);
  private abortNow: () => void = () => undefined;
  aborted = false;

  constructor(readonly options: HarnessOptions) {
    this.host = options.host;
    this.port = options.port;
    this.fileName = basename(options.file);
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
    return this.abortPromise;
  }

  beginTest(): void {
    this.cpuAtTestStart = this.cpuMark();
    this.aborted = false;
    this.abortPromise = new Promise((resolve) => (this.abortNow = resolve));
  }

  abortTest(): void {
    this.aborted = true;
    this.abortNow();
  }

  private checkAborted(): void {
    if (this.aborted) throw new TestAborted();
  }

  step(text: string): void {
    this.checkAborted();
    this.currentStep = text;
    this.options.onStep?.(text);
  }

  get program(): LearnerProcess | undefined {
    return this.learner;
  }

  /** Starts the learner's program (killing a previous one first). */
  async startProgram(): Promise<LearnerProcess> {
    await this.learner?.stop();
    this.options.audit.clear();
    const env = learnerEnv({
      host: this.host,
      port: this.port,
      hookDir: this.options.audit.dir,
      auditFile: this.options.audit.file,
      extra: this.options.extraEnv,
    });
    this.learner = new LearnerProcess(this.options.python, this.options.file, env);
    this.learnerStartMark = 0;
    this.acceptedConnections = 0;
    return this.learner;
  }

  requireProgram(): LearnerProcess {
    if (!this.learner) throw new Error('the test must start the program first');
    return this.learner;
  }

  /** Everything the program printed since it started (kept part). */
  programOutput(): string {
    return this.learner?.outputSince(this.learnerStartMark) ?? '';
  }

  track(peer: TcpPeer): TcpPeer {
    this.peers.add(peer);
    return peer;
  }

  trackUdp(socket: GraderUdp): GraderUdp {
    this.udpSockets.add(socket);
    return socket;
  }

  /** Closes a connection the right way (see TcpPeer.dispose) and forgets it. */
  release(peer: TcpPeer): void {
    peer.dispose();
    this.peers.delete(peer);
  }

  // ── Failures ─────────────────────────────────────────────────────────────────────────────

  /**
   * Fails the test with `lines`, followed by what became of the program: when `settle` is set
   * (the connection just ended: the program is probably dying), we first wait briefly for it to
   * exit so that its traceback is there to explain.
   */
  async fail(lines: string[], settle = false, unlessException: string[] = []): Promise<never> {
    this.checkAborted();
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
    const program = this.learner;
    if (!program?.end || program.end.killedByUs || process.platform !== 'linux') return [];
    const left = (await markedPids(PROGRAM_MARK, program.processMark)).filter((pid) => pid !== program.child.pid);
    if (!left.length) return [];
    const count = left.length === 1 ? '1 proceso' : `${left.length} procesos`;
    return [`Además, dejó en marcha ${count} que arrancó (con os.fork() o subprocess); el taller ${left.length === 1 ? 'lo detiene' : 'los detiene'} al acabar.`];
  }

  private async cpuMark(): Promise<CpuMark | undefined> {
    const program = this.learner;
    if (!program?.running || program.child.pid === undefined) return undefined;
    const cpu = await groupCpu(program.child.pid);
    return cpu && { program, ...cpu, at: Date.now() };
  }

  /**
   * A program still running that spent this test computing (a loop that never ends: it neither
   * answers nor waits in recv()) gets a line saying so: "no llegó nada" alone would send the
   * learner looking at sendall(). A program waiting in recv() uses next to no CPU; a loop gets at
   * least its share of a loaded machine (hence a tenth, not all of the time: in CI three test
   * files and their programs share two cores), and is running now.
   */
  async busyLines(): Promise<string[]> {
    const [start, now] = await Promise.all([this.cpuAtTestStart, this.cpuMark()]);
    if (!start || !now || start.program !== now.program || now.program.flooded || !now.running) return [];
    const wall = now.at - start.at;
    const used = now.cpuMs - start.cpuMs;
    if (wall < 1000 || used < wall / 10) return [];
    return ['Tu programa sigue en marcha, usando la CPU sin parar: ¿un bucle que no termina? Por ejemplo, un while True sin recv() ni break dentro.'];
  }

  /** Lines about the program: flooding, or how it ended and its exception explained. */
  programState(): { lines: string[]; exception?: LearnerException } {
    const program = this.learner;
    if (!program) return { lines: [] };
    if (program.flooded) {
      return {
        lines: [
          `Tu programa escribió más de ${FLOOD_BYTES / 1024 / 1024} MB por pantalla y lo he detenido: ` +
            "¿un print() dentro de un bucle que no termina? Por ejemplo, seguir leyendo cuando recv() ya devolvió b'' (falta if not data: break).",
        ],
      };
    }
    if (!program.end && program.totalBytes > CHATTY_BYTES) {
      return { lines: [`Además, tu programa ya ha escrito ${Math.round(program.totalBytes / 1024)} KB por pantalla: ¿un print() dentro de un bucle que no termina?`] };
    }
    if (program.spawnError) return { lines: [`No pude ejecutar Python: ${program.spawnError}`] };
    const end = program.end;
    if (!end || end.killedByUs) return { lines: [] };
    const exception = parseTraceback(program.stderr(), this.options.file);
    const how = end.code !== null ? `con código ${end.code}` : `por la señal ${end.signal}`;
    const lines = [`Tu programa terminó ${how}.`];
    if (exception) {
      // "Address already in use" would blame another program: here the program collided with itself.
      const twice = this.doubleBindExplanation(exception);
      lines.push(...describeException(twice ? { ...exception, explanation: twice } : exception, this.fileName));
    }
    return { lines, exception };
  }

  /** When bind() failed because the program had already bound that same address itself. */
  private doubleBindExplanation(exception: LearnerException): string | undefined {
    if (!/OSError/.test(exception.type) || !/[Aa]ddress already in use|[Ii]nvalid argument/.test(exception.message)) return undefined;
    const repeated = this.auditEvents('bind', this.options.transport === 'tcp' ? SOCK_STREAM : SOCK_DGRAM).find((event) => event.again);
    if (!repeated) return undefined;
    const where = formatEndpoint(repeated.host, repeated.port);
    return repeated.again === 'same-socket'
      ? `Tu programa llamó dos veces a bind() con ${where} sobre el mismo socket: cada socket se enlaza una sola vez. Quita el segundo bind().`
      : `Tu programa llamó dos veces a bind() con ${where}, con dos sockets: el segundo choca con el primero, que ya tiene ese puerto. ` +
          'Usa un solo socket: s.bind((HOST, PORT)) y después s.listen() sobre ese mismo s.';
  }

  // ── The learner as server: connecting to it ──────────────────────────────────────────────

  /**
   * Connects to the learner's server, retrying while it starts (connect attempts: the first one
   * that succeeds is the test's own connection, so a one-client server is not wasted on a probe).
   * Fails early, saying where, when the program listens somewhere else or has ended.
   */
  async connect(): Promise<TcpPeer> {
    const program = this.requireProgram();
    const readiness = this.readiness();
    let lastLookAt = Date.now();
    for (;;) {
      this.checkAborted();
      const outcome = await connectOnce(this.host, this.port, 1000);
      if ('peer' in outcome) {
        const peer = this.track(outcome.peer);
        if (this.acceptedConnections === 0) await this.failIfSomeoneElseListens(peer);
        this.acceptedConnections++;
        return peer;
      }
      if (outcome.error !== 'ECONNREFUSED' && outcome.error !== 'ETIMEDOUT') {
        await this.fail([`No pude conectar con ${this.endpoint}: ${outcome.error}.`]);
      }
      if (program.exited) await this.failNotServing();
      if (Date.now() - lastLookAt >= 200) {
        lastLookAt = Date.now();
        await this.failIfListeningElsewhere();
        const late = await readiness();
        if (late) {
          if (program.exited) await this.failNotServing();
          await this.fail([
            `Tu programa sigue en marcha, pero no acepta conexiones en ${this.endpoint} (${late.reason}).`,
            ...this.wrongPlaceLines(await this.boundElsewhere(), true),
            late.busy
              ? `¿Un bucle que no termina (while True sin break)? Mientras da vueltas, tu programa no llega a ${this.acceptedConnections > 0 ? 'volver a accept()' : 'listen()'}.`
              : this.acceptedConnections > 0
                ? '¿Se quedó atendiendo al cliente anterior? Vuelve a accept() en cuanto un cliente se vaya.'
                : '¿Llega a llamar a listen()? Mira si se queda esperando antes (input(), sleep, un bucle...).',
          ]);
        }
      }
      await delay(20);
    }
  }

  /**
   * A judge of "too late" for a program that should be listening or connecting by now: returns
   * undefined while it may still be starting, or the Spanish reason once it is late.
   */
  private readiness(): () => Promise<Late | undefined> {
    const program = this.requireProgram();
    const started = Date.now();
    const watch = program.child.pid === undefined ? undefined : new ActivityWatch(program.child.pid);
    return async () => {
      const elapsed = Date.now() - started;
      const waiting = elapsed >= READY_MIN_MS ? await watch?.waitingFor() : 0;
      if (waiting === undefined) return elapsed > READY_MS ? { reason: `tras ${READY_MS / 1000} s`, busy: false } : undefined;
      if (waiting >= WAITING_MS) return { reason: `lleva ${seconds(waiting)} parado, esperando otra cosa`, busy: false };
      if (watch && watch.busyMs >= BUSY_CPU_MS) return { reason: `lleva ${seconds(watch.busyMs)} usando la CPU sin parar`, busy: true };
      return elapsed > READY_CAP_MS ? { reason: `tras ${READY_CAP_MS / 1000} s`, busy: false } : undefined;
    };
  }

  private async failNotServing(): Promise<never> {
    const program = this.requireProgram();
    await program.waitEnd(1000);
    const elsewhere = this.wrongPlaceLines(await this.boundElsewhere(), true);
    if (this.acceptedConnections > 0 && program.end?.code === 0) {
      return this.fail([
        `Tu servidor ya no acepta conexiones en ${this.endpoint}: atendió a un cliente y terminó.`,
        'Para atender a un cliente detrás de otro, pon accept() dentro de un bucle: while True: conn, addr = s.accept() ...',
      ]);
    }
    const before = this.acceptedConnections > 0 ? 'después de atender al cliente anterior' : `sin llegar a escuchar en ${this.endpoint}`;
    return this.fail([`Tu programa terminó ${before}.`, ...elsewhere]);
  }

  /**
   * The port was free when we chose it, but another program may have taken it since (then the
   * learner's bind failed and we reached a stranger). Linux tells us who owns the listener.
   */
  private async failIfSomeoneElseListens(peer: TcpPeer): Promise<void> {
    const program = this.requireProgram();
    if (program.child.pid === undefined) return;
    // With the mark: a child that left the group (setsid) and outlived the program still counts as the program.
    const mine = await learnerBoundSockets(program.child.pid, 'tcp', { name: PROGRAM_MARK, value: program.processMark });
    if (mine === undefined || mine.some((socket) => socket.port === this.port)) return;
    this.release(peer);
    if (!program.exited) await program.waitEnd(1000);
    await this.fail([
      `Me conecté a ${this.endpoint}, pero quien escucha ahí no es tu programa: otro programa ocupó ese puerto.`,
      'Cierra el otro programa (¿un servidor tuyo que sigue abierto en otra terminal?) y vuelve a verificar.',
    ]);
  }

  /** Fails at once when the program listens (or is bound), but not where it should. */
  async failIfListeningElsewhere(): Promise<void> {
    const program = this.requireProgram();
    if (program.child.pid === undefined) return;
    const bound = await learnerBoundSockets(program.child.pid, this.options.transport);
    if (!bound?.length) return;
    if (bound.some((socket) => this.isExpected(socket))) return;
    const places = bound.map((socket) => ({ host: socket.host, port: socket.port }));
    const type = this.options.transport === 'tcp' ? SOCK_STREAM : SOCK_DGRAM;
    if (this.options.transport === 'tcp' && this.auditEvents('bind', type).some((event) => this.isExpected({ host: event.host, port: event.port ?? -1 }))) {
      // It did bind the right address, then listened on another socket (bound elsewhere).
      const where = [...new Set(places.map((place) => formatEndpoint(place.host, place.port)))].join(' y ');
      await this.fail([
        `Tu programa hizo bind() en ${this.endpoint}, pero llamó a listen() en otro socket, que escucha en ${where}.`,
        'bind() y listen() van sobre el mismo socket: s.bind((HOST, PORT)) y después s.listen(), los dos con s.',
      ]);
    }
    await this.fail(this.wrongPlaceLines(places));
  }

  private isExpected(socket: Pick<BoundSocket, 'host' | 'port'>): boolean {
    return socket.port === this.port && ['127.0.0.1', 'localhost', '', '0.0.0.0', '::', '::ffff:127.0.0.1', this.host].includes(socket.host);
  }

  /** Where the program tried to bind its server socket, when not where expected (from the audit: works after it ended). */
  private async boundElsewhere(): Promise<{ host: string; port: number | undefined }[]> {
    const program = this.learner;
    if (!program) return [];
    const type = this.options.transport === 'tcp' ? SOCK_STREAM : SOCK_DGRAM;
    const fromAudit = this.auditEvents('bind', type).filter((event) => event.port !== 0);
    if (!fromAudit.length) return [];
    return fromAudit
      .filter((event) => !this.isExpected({ host: event.host, port: event.port ?? -1 }))
      .map((event) => ({ host: event.host, port: event.port }));
  }

  /**
   * "You listen on X, not on Y". `attempted`: the places come from the audit (bind() calls, which
   * may have failed), not from the OS's table of live sockets.
   */
  wrongPlaceLines(places: { host: string; port: number | undefined }[], attempted = false): string[] {
    if (!places.length) return [];
    const where = [...new Set(places.map((place) => formatEndpoint(place.host, place.port)))].join(' y ');
    const verb = attempted ? 'hizo bind() en' : this.options.transport === 'tcp' ? 'escucha en' : 'está enlazado a';
    const lines = [`Tu programa ${verb} ${where}, pero debía hacerlo en ${this.endpoint}.`];
    lines.push(...this.portAdvice(places.map((place) => place.port)));
    return lines;
  }

  /** Why the port is PUERTO and how to read it. */
  portAdvice(usedPorts: (number | undefined)[]): string[] {
    if (usedPorts.every((port) => port === this.port)) {
      return [`El puerto es el correcto; revisa la dirección: usa HOST (vale ${this.host}).`];
    }
    const why = this.options.portNote ? `${this.options.portNote} ` : '';
    return [
      `${why}Lee el puerto de la variable de entorno PUERTO (vale ${this.port}): ` +
        `PORT = int(os.environ.get('PUERTO', '${this.options.defaultPort}')).`,
    ];
  }

  auditEvents(event: AuditEvent['event'], type?: number): AuditEvent[] {
    return this.options.audit.events().filter((entry) => entry.event === event && (type === undefined || entry.type === type));
  }

  /** Client exercises: where the program tried to connect or send, when not where expected. */
  wentElsewhereLines(event: 'connect' | 'sendto'): string[] {
    const type = this.options.transport === 'tcp' ? SOCK_STREAM : SOCK_DGRAM;
    const wrong = this.auditEvents(event, type).filter(
      (entry) => entry.port !== this.port || !['127.0.0.1', 'localhost', this.host].includes(entry.host),
    );
    if (!wrong.length) return [];
    const where = [...new Set(wrong.map((entry) => formatEndpoint(entry.host, entry.port)))].join(' y ');
    const verb = event === 'connect' ? 'intentó conectarse a' : 'envió su datagrama a';
    return [`Tu programa ${verb} ${where}, pero el taller escuchaba en ${this.endpoint}.`, ...this.portAdvice(wrong.map((entry) => entry.port))];
  }

  // ── The learner as client: the grader listens ────────────────────────────────────────────

  /** Waits for the learner's client to connect to the grader's server; says where it went if not. */
  async acceptClient(): Promise<TcpPeer> {
    const program = this.requireProgram();
    const readiness = this.readiness();
    for (;;) {
      const peer = await this.tcpServer.accept(100, this.abort);
      this.checkAborted();
      if (peer) return this.track(peer);
      if (program.exited) {
        // A client that connected and died at once: its connection may be queued just after its exit.
        await program.waitEnd(1000);
        const late = await this.tcpServer.accept(0);
        if (late) return this.track(late);
        await this.fail([`Tu programa terminó sin conectarse a ${this.endpoint}.`, ...this.wentElsewhereLines('connect')]);
      }
      const late = await readiness();
      if (late) {
        await this.fail([
          `Tu programa sigue en marcha y no se ha conectado a ${this.endpoint} (${late.reason}).`,
          ...this.wentElsewhereLines('connect'),
          ...(late.busy ? [LOOP_BEFORE('connect()')] : []),
        ]);
      }
    }
  }

  /** Waits for the learner's client's datagram on the grader's UDP socket; says where it went if not. */
  async receiveDatagram(): Promise<Datagram> {
    const program = this.requireProgram();
    const readiness = this.readiness();
    for (;;) {
      const datagram = await this.udpServer.next(100, this.abort);
      this.checkAborted();
      if (datagram) return datagram;
      if (program.exited) {
        await program.waitEnd(1000);
        const late = await this.udpServer.next(0);
        if (late) return late;
        await this.fail([`Tu programa terminó sin enviar ningún datagrama a ${this.endpoint}.`, ...this.wentElsewhereLines('sendto')]);
      }
      const late = await readiness();
      if (late) {
        const elsewhere = this.wentElsewhereLines('sendto');
        await this.fail([
          `Tu programa sigue en marcha y no ha enviado ningún datagrama a ${this.endpoint} (${late.reason}).`,
          ...elsewhere,
          ...(late.busy ? [LOOP_BEFORE('sendto()')] : []),
          ...(elsewhere.length ? ['Como nadie le contesta allí, se queda esperando la respuesta en recv() para siempre.'] : []),
        ]);
      }
    }
  }

  // ── The learner as UDP server ────────────────────────────────────────────────────────────

  /**
   * Waits until the program has a UDP socket bound to PUERTO (Linux /proc: no datagram is spent
   * on probing). Returns false where the OS cannot tell: the caller then resends its datagram.
   */
  async waitUdpBound(): Promise<boolean> {
    const program = this.requireProgram();
    const readiness = this.readiness();
    let lastLookAt = Date.now();
    for (;;) {
      this.checkAborted();
      // Cheap first (two small files); who owns the socket is checked once something is there.
      const all = await readProcSockets('udp');
      if (all === undefined || program.child.pid === undefined) return false;
      if (all.some((socket) => this.isExpected(socket))) {
        const mine = await learnerBoundSockets(program.child.pid, 'udp');
        if (mine?.some((socket) => this.isExpected(socket))) return true;
        if (program.exited) await this.failNotServing();
        await this.fail([
          `Hay un socket UDP enlazado a ${this.endpoint}, pero no es de tu programa: otro programa ocupó ese puerto.`,
          'Cierra el otro programa (¿un servidor tuyo que sigue abierto en otra terminal?) y vuelve a verificar.',
        ]);
      }
      if (program.exited) await this.failNotServing();
      if (Date.now() - lastLookAt >= 200) {
        lastLookAt = Date.now();
        await this.failIfListeningElsewhere();
        const late = await readiness();
        if (late) {
          if (program.exited) await this.failNotServing();
          await this.fail([
            `Tu programa sigue en marcha, pero no tiene ningún socket UDP enlazado a ${this.endpoint} (${late.reason}).`,
            ...this.wrongPlaceLines(await this.boundElsewhere(), true),
            ...(late.busy ? [LOOP_BEFORE('bind()')] : []),
          ]);
        }
      }
      await delay(50);
    }
  }

  // ── Waiting for the program to end ───────────────────────────────────────────────────────

  /** Expects the program to exit by itself with code 0 within `ms`. */
  async expectCleanExit(ms: number, ifStillRunning: string[]): Promise<void> {
    const program = this.requireProgram();
    const end = await Promise.race([program.waitEnd(ms), this.abort.then(() => undefined)]);
    this.checkAborted();
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
      this.checkAborted();
      if (program.stdout().includes(text)) return true;
      if (program.end || Date.now() > deadline) return false;
      await Promise.race([program.ended, delay(25)]);
    }
  }

  /** Fresh text for each run, with non-ASCII letters, so a hard-coded answer cannot pass. */
  randomText(prefix = 'Hola desde el taller'): string {
    const words = ['ñandú', 'pingüino', 'camión', 'corazón', 'café', 'árbol', 'cigüeña', 'acción'];
    return `${prefix}: ${words[randomInt(words.length)]} ${randomInt(1000, 10000)}-${randomInt(0x1000, 0x10000).toString(16)}`;
  }

  /** The end of a run: our connections closed the right way first, then the program's group killed. */
  async teardown(): Promise<void> {
    for (const peer of this.peers) peer.dispose();
    this.peers.clear();
    for (const socket of this.udpSockets) socket.close();
    this.udpSockets.clear();
    await this.learner?.stop();
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
