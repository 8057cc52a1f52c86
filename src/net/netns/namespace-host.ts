import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import type { LaunchWrapper } from '../../kernel/kernel-client.js';
import { resolvePython } from '../../system/python.js';
import { killGroup, spawnGroup } from '../../system/process-group.js';
import { runCaptured } from '../../system/run-captured.js';
import { readSocketTable, type SocketTable } from '../../system/proc/socket-table.js';
import { monotonicMs, type CapturedSegment } from './captured-segment.js';
import { captureScript } from './capture-script.js';
import { findTool } from '../../system/find-tool.js';

/** Why a private network could not be made, in Spanish, for the learner. */
export class NetnsError extends Error {
  override readonly name = 'NetnsError';
}

export interface HostSpec {
  /** The lesson's name for this host (A, B...). */
  name: string;
  /** What gethostname() answers inside (gets its own UTS namespace). */
  hostname?: string;
  /** Capture only these interfaces (default: every interface of the namespace). */
  interfaces?: string[];
}

export interface ProbeRequest {
  protocol: 'tcp' | 'udp';
  host: string;
  port: number;
  payload?: string;
}

export interface ProbeAnswer {
  result: 'connected' | 'refused' | 'timeout' | 'delivered' | 'error';
  detail?: string;
  /** The probe's own local port: segments to or from it are the probe's, not the lesson's. */
  port?: number;
}

const START_TIMEOUT_MS = 5000;

/**
 * One private network namespace, kept alive by capture.py (the "holder"), which also captures its
 * packets. Everything started inside joins it with nsenter; when the holder and everything inside
 * are killed, the namespace disappears with them.
 */
export class NamespaceHost extends EventEmitter<{ segment: [CapturedSegment]; exit: [string] }> {
  private readonly waiting = new Map<number, (event: Record<string, unknown>) => void>();
  private nextId = 1;
  private exited = false;
  pid = 0;
  hostname = '';

  private constructor(
    readonly spec: HostSpec,
    private readonly child: ChildProcess,
    private readonly nsenter: string,
  ) {
    super();
  }

  /** Starts a namespace of its own (parent undefined) or, for a second host, one inside the parent's user namespace. */
  static async start(spec: HostSpec, parent: NamespaceHost | undefined, env: NodeJS.ProcessEnv = process.env): Promise<NamespaceHost> {
    const unshare = findTool('unshare');
    const nsenter = findTool('nsenter');
    if (!unshare || !nsenter) throw new NetnsError(`falta la herramienta ${unshare ? 'nsenter' : 'unshare'} (paquete util-linux)`);
    const python = await resolvePython();
    const script = [python.executable, '-I', '-u', captureScript(), '--host', spec.name];
    if (spec.hostname) script.push('--hostname', spec.hostname);
    for (const name of spec.interfaces ?? []) script.push('--only', name);
    const namespaces = spec.hostname ? ['-n', '-u'] : ['-n'];
    const [command, args] = parent
      ? [nsenter, ['-t', String(parent.pid), '-U', '--preserve-credentials', unshare, ...namespaces, ...script]]
      : [unshare, ['-r', ...namespaces, ...script]];
    const child = spawnGroup(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    const host = new NamespaceHost(spec, child, nsenter);
    await host.waitReady();
    return host;
  }

  private waitReady(): Promise<void> {
    let stderr = '';
    this.child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    return new Promise((resolve, reject) => {
      const fail = (why: string): void => {
        clearTimeout(timer);
        this.close();
        reject(new NetnsError(explainFailure(`${why}\n${stderr}`)));
      };
      const timer = setTimeout(() => fail('el proceso que sostiene la red privada no respondió'), START_TIMEOUT_MS);
      createInterface({ input: this.child.stdout! }).on('line', (line) => {
        let event: Record<string, unknown>;
        try {
          event = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return;
        }
        if (event.ev === 'ready') {
          clearTimeout(timer);
          this.pid = Number(event.pid);
          this.hostname = String(event.hostname);
          resolve();
        } else if (event.ev === 'failed') {
          fail(String(event.message));
        } else {
          this.onEvent(event);
        }
      });
      this.child.once('error', (error) => fail(error.message));
      this.child.once('exit', (code, signal) => {
        this.exited = true;
        for (const answer of this.waiting.values()) answer({ ev: 'gone' });
        this.waiting.clear();
        if (!this.pid) fail(`terminó al empezar (${signal ?? `código ${code}`})`);
        this.emit('exit', signal ?? `código ${code}`);
      });
    });
  }

  private onEvent(event: Record<string, unknown>): void {
    if (event.ev === 'seg') {
      const { ev: _ev, ...segment } = event;
      this.emit('segment', segment as unknown as CapturedSegment);
      return;
    }
    const answer = this.waiting.get(Number(event.id));
    if (answer) {
      this.waiting.delete(Number(event.id));
      answer(event);
    }
  }

  get alive(): boolean {
    return !this.exited;
  }

  private request(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.exited) return Promise.resolve({ ev: 'gone' });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin!.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  /**
   * Resolves once every segment captured so far has been emitted. Loopback hands a frame to the
   * capture socket while the sender is still in its system call, so anything sent before this
   * call is already queued there: the holder drains its sockets before answering.
   */
  async mark(): Promise<number> {
    const event = await this.request({ op: 'mark' });
    return event.ev === 'mark' ? Number(event.t) : monotonicMs();
  }

  /** A real connection attempt (or datagram) from inside this namespace; its segments are marked as probe. */
  async probe(request: ProbeRequest): Promise<ProbeAnswer> {
    const event = await this.request({ op: 'probe', ...request });
    if (event.ev !== 'probe') return { result: 'error', detail: 'la red privada ya no existe' };
    return { result: event.result as ProbeAnswer['result'], detail: (event.detail as string | null) ?? undefined, port: typeof event.port === 'number' ? event.port : undefined };
  }

  /** How to start a program inside this namespace (its user, network and, if named, UTS namespaces). */
  readonly launchWrapper: LaunchWrapper = (command, args) => ({
    command: this.nsenter,
    args: ['-t', String(this.pid), '-U', '-n', ...(this.spec.hostname ? ['-u'] : []), '--preserve-credentials', command, ...args],
  });

  /** Runs a short command (e.g. `ip`) inside this namespace, with this standard input, and waits for it. */
  async run(command: string, args: string[], input = ''): Promise<void> {
    const launch = this.launchWrapper(command, args);
    const { code, stderr, timedOut, startError } = await runCaptured(launch.command, launch.args, { input, timeoutMs: START_TIMEOUT_MS });
    if (startError) throw new NetnsError(startError.message);
    if (code !== 0) throw new NetnsError(`${[command, ...args].join(' ')}: ${stderr.trim() || (timedOut ? 'no terminó a tiempo' : `código ${code}`)}`);
  }

  /** The TCP table of this namespace (not the machine's): /proc/<pid>/net shows the namespace of that process. */
  readTcpTable(): Promise<SocketTable> {
    return readSocketTable('tcp', { pid: this.pid, missing: 'la red privada de la lección ya no existe' });
  }

  /** Kills the holder's process group. The namespace goes when the last process inside it goes. */
  close(): void {
    this.child.stdin?.end();
    killGroup(this.child);
  }
}

function explainFailure(text: string): string {
  const detail = text.trim().split('\n').filter(Boolean).at(-1) ?? 'sin detalle';
  if (/Operation not permitted|Permission denied|EPERM|EACCES/i.test(text)) {
    return `este sistema no deja crear espacios de nombres de red sin privilegios (${detail})`;
  }
  if (/Invalid argument|not supported|ENOSYS/i.test(text)) {
    return `el núcleo de este sistema no admite espacios de nombres de usuario y de red (${detail})`;
  }
  return `no se pudo crear la red privada de la lección (${detail})`;
}
