import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { killGroup, signalProcess, spawnGroup } from '../system/process-group.js';
import { withTimeout } from '../system/with-timeout.js';
import { resolvePython } from '../system/python.js';
import { UserError } from '../errors.js';
import type { AuditedAddress, SocketSnapshot, StepError, StepReply } from './protocol.js';

export function kernelScript(): string {
  return join(packageRoot(), 'src', 'kernel', 'kernel.py');
}

export class KernelDiedError extends Error {
  constructor(
    readonly actor: string,
    readonly exitDescription: string,
  ) {
    super(`kernel ${actor} died: ${exitDescription}`);
    this.name = 'KernelDiedError';
  }
}

/** A Python that ended (or could not be launched) before saying it was ready: told in Spanish, with what it printed. */
export class KernelStartError extends UserError {
  constructor(
    readonly actor: string,
    readonly exitDescription: string,
    readonly printed: string,
  ) {
    const said = printed.trim().split('\n').slice(-6).map((line) => `    ${line}`).join('\n');
    super(
      `No se pudo iniciar el Python de «${actor}» para la lección (${exitDescription}).` +
        (said ? ` Lo último que escribió:\n${said}\n` : ' No escribió nada. ') +
        'Comprueba tu instalación de Python con «taller-sockets doctor», o indica otro con TALLER_SOCKETS_PYTHON.',
    );
    this.name = 'KernelStartError';
  }
}

interface Pending {
  resolve: (event: Record<string, unknown>) => void;
  reject: (error: Error) => void;
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

/** How to launch the interpreter: lets a caller run it inside a namespace (unshare/nsenter). */
export type LaunchWrapper = (command: string, args: string[]) => { command: string; args: string[] };

export interface KernelEvents {
  output: [stream: 'stdout' | 'stderr', text: string];
  exit: [description: string];
}

/**
 * One persistent Python process for one actor. Requests are queued by Python itself (it reads
 * them in order), so a second request sent while a step blocks waits in the pipe, as it should.
 */
export class Kernel extends EventEmitter<KernelEvents> {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private dead = false;
  /** Killed before or while starting: a start still under way must not launch a Python any more. */
  private stopped = false;
  /** What the Python wrote to stderr before it was ready (a broken installation says why there). */
  private startupOutput: string | undefined = '';
  pid: number | undefined;
  pythonVersion = '';

  constructor(
    readonly actor: string,
    private readonly wrap?: LaunchWrapper,
  ) {
    super();
  }

  get alive(): boolean {
    return this.child !== undefined && !this.dead;
  }

  async start(env: NodeJS.ProcessEnv = process.env): Promise<void> {
    const python = await resolvePython();
    if (this.stopped) throw new KernelDiedError(this.actor, 'detenido antes de arrancar');
    const launch = (this.wrap ?? ((command: string, args: string[]) => ({ command, args })))(
      python.executable,
      // -S: a lesson uses the standard library only, and the .pth files of site-packages run at
      // every start of every actor's Python (on some machines tens of ms: certifi, editable installs).
      ['-I', '-S', '-u', kernelScript()],
    );
    const child = spawnGroup(launch.command, launch.args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...env, PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' },
      farewell: `${JSON.stringify({ op: 'abort' })}\n`,
    });
    this.child = child;
    const ready = new Promise<void>((resolve, reject) => {
      this.pending.set(0, { resolve: (event) => {
        this.pid = Number(event.pid);
        this.pythonVersion = String(event.python);
        this.startupOutput = undefined;
        resolve();
      }, reject: (error) => {
        if (this.stopped) return reject(error);
        // The exit may be seen before the last of its stderr is read: that last line says why.
        const fail = (): void => reject(new KernelStartError(this.actor, error instanceof KernelDiedError ? error.exitDescription : error.message, this.startupOutput ?? ''));
        if (child.stderr!.readableEnded) return fail();
        child.stderr!.once('end', fail);
        setTimeout(fail, 500).unref();
      } });
    });
    createInterface({ input: child.stdout! }).on('line', (line) => this.onLine(line));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => this.routeOutput(undefined, 'stderr', text));
    child.once('error', (error) => this.onExit(`no se pudo iniciar (${error.message})`));
    child.once('exit', (code, signal) => this.onExit(signal ? `señal ${signal}` : `código ${code}`));
    await ready;
  }

  /** Runs one step. `onOutput` receives stdout/stderr while the step is still running. */
  async exec(code: string, filename: string, onOutput?: Pending['onOutput']): Promise<StepReply> {
    const event = await this.request({ op: 'exec', code, filename }, onOutput);
    return {
      value: (event.value as string | null) ?? null,
      error: (event.error as StepError | null) ?? null,
      interrupted: Boolean(event.interrupted),
      ms: Number(event.ms),
      sockets: (event.sockets ?? []) as SocketSnapshot[],
      addresses: (event.addresses ?? []) as AuditedAddress[],
    };
  }

  async snapshot(): Promise<SocketSnapshot[]> {
    const event = await this.request({ op: 'snapshot' });
    return (event.sockets ?? []) as SocketSnapshot[];
  }

  /** Whether the learner could bind this port right now (no SO_REUSEADDR, like the document). */
  async portFree(port: number, kind: 'tcp' | 'udp', host = '127.0.0.1'): Promise<boolean> {
    const event = await this.request({ op: 'port-free', port, kind, host });
    return Boolean(event.free);
  }

  /** Interrupts the running step only; the kernel and its sockets survive. */
  interrupt(): boolean {
    // Still starting: a SIGINT would only kill it halfway through its start.
    return this.child && this.pid !== undefined ? signalProcess(this.child, 'SIGINT') : false;
  }

  /** Resets every connection (no TIME_WAIT left behind) and kills the process group. */
  async shutdown(graceMs = 500): Promise<void> {
    this.stopped = true;
    if (!this.child) return;
    if (this.alive && this.pending.size === 0) {
      await withTimeout(this.request({ op: 'teardown' }).catch(() => undefined), graceMs);
    }
    await this.kill();
  }

  /** Kills the process group and resolves once the process has really exited (bounded wait). */
  async kill(waitMs = 2000): Promise<void> {
    this.stopped = true;
    const child = this.child;
    if (!child) return;
    const exited = child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
    killGroup(child);
    await withTimeout(exited, waitMs);
  }

  private request(body: Record<string, unknown>, onOutput?: Pending['onOutput']): Promise<Record<string, unknown>> {
    if (!this.child || this.dead) return Promise.reject(new KernelDiedError(this.actor, 'no está en marcha'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onOutput });
      this.child!.stdin!.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  private onLine(line: string): void {
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.routeOutput(undefined, 'stdout', `${line}\n`);
      return;
    }
    const id = event.ev === 'ready' ? 0 : Number(event.id);
    if (event.ev === 'stream') {
      this.routeOutput(id, event.stream as 'stdout' | 'stderr', String(event.text));
      return;
    }
    if (event.ev === 'started') return;
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    pending.resolve(event);
  }

  private routeOutput(id: number | undefined, stream: 'stdout' | 'stderr', text: string): void {
    if (this.startupOutput !== undefined) this.startupOutput = `${this.startupOutput}${text}`.slice(-4000);
    const target = id === undefined ? this.runningRequest() : this.pending.get(id);
    if (target?.onOutput) target.onOutput(stream, text);
    else this.emit('output', stream, text);
  }

  /** Raw stderr has no request id: it belongs to whichever step is running. */
  private runningRequest(): Pending | undefined {
    for (const [id, pending] of this.pending) if (id !== 0) return pending;
    return undefined;
  }

  private onExit(description: string): void {
    if (this.dead) return;
    this.dead = true;
    for (const pending of this.pending.values()) pending.reject(new KernelDiedError(this.actor, description));
    this.pending.clear();
    this.emit('exit', description);
  }
}
