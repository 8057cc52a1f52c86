import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { dirname } from 'node:path';
import { killGroup, spawnGroup } from '../system/process-group.js';
import { groupPids, killMarked } from '../system/proc/processes.js';
import { withTimeout } from '../system/with-timeout.js';

/** Marks every process of one run of the program (inherited by all it starts): see stop(). */
export const PROGRAM_MARK = 'TALLER_SOCKETS_PROGRAMA';
/** The pipe on which a program started ahead waits for its go (sitecustomize.py reads it). */
const START_SIGNAL = 'TALLER_SOCKETS_ARRANQUE';

export interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** We killed it (end of the run, or flooding): not the program's own doing. */
  killedByUs: boolean;
}

/** What the learner's program printed, in order, kept up to a cap. */
interface Chunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

const OUTPUT_KEPT_BYTES = 64 * 1024;
const STDERR_TAIL_BYTES = 16 * 1024;
/** Beyond this the program is stopped: its output is not the point, and it may never end. */
export const FLOOD_BYTES = 8 * 1024 * 1024;
/** Beyond this a still-running program gets a note (a correct server printing 1 MB of echo may pass it). */
export const CHATTY_BYTES = 256 * 1024;

/**
 * The learner's program: `python3 <file>` in its own process group, output captured and capped,
 * flooding detected (then the group is killed at once), and killed with its group by `kill()`.
 */
export class LearnerProcess {
  readonly child: ChildProcess;
  readonly ended: Promise<ProcessEnd>;
  end: ProcessEnd | undefined;
  /** Total bytes the program wrote (kept or not). */
  totalBytes = 0;
  flooded = false;
  spawnError: string | undefined;
  /** This start's value of PROGRAM_MARK: the run's prefix (see RunWatcher), then a fresh id. */
  readonly processMark: string;

  private readonly chunks: Chunk[] = [];
  private keptBytes = 0;
  private stderrTail = '';
  private killing = false;
  private readonly floodListeners: (() => void)[] = [];
  private waitsForGo: boolean;

  /**
   * `ahead`: Python starts now, but the program's code waits until go() (see the end of
   * sitecustomize.py), so that a restart costs no interpreter start. Where the hook is not installed
   * (no `hookDir` in its environment) it would not wait: only asked for with the hook.
   */
  constructor(python: string, readonly file: string, env: NodeJS.ProcessEnv, markPrefix = '', { ahead = false } = {}) {
    this.processMark = `${markPrefix}${randomUUID()}`;
    this.child = spawnGroup(python, [file], {
      cwd: dirname(file),
      env: { ...env, [PROGRAM_MARK]: this.processMark, ...(ahead ? { [START_SIGNAL]: '3' } : {}) },
      stdio: ahead ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'],
    });
    this.waitsForGo = ahead;
    for (const stream of ['stdout', 'stderr'] as const) {
      const decoder = new StringDecoder('utf8');
      this.child[stream]!.on('data', (data: Buffer) => this.record(stream, data, decoder));
    }
    this.ended = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.spawnError = error.message;
        this.end ??= { code: null, signal: null, killedByUs: false };
        resolve(this.end);
      });
      // After 'exit', wait for 'close' (every byte of output read), but not for long: a child the
      // program started may hold the pipes open after the program itself has ended.
      this.child.once('exit', (code, signal) => {
        const record = (): void => {
          clearTimeout(timer);
          this.end ??= { code, signal, killedByUs: this.killing };
          resolve(this.end);
        };
        const timer = setTimeout(record, 500);
        this.child.once('close', record);
      });
    });
  }

  /**
   * Lets a program started ahead run its code, with these values of HOST and PUERTO (null: unset).
   * false when it cannot: it ended meanwhile, or was never started ahead; the caller then starts
   * a fresh one.
   */
  go(values: Record<'HOST' | 'PUERTO', string | null>): boolean {
    const pipe = this.child.stdio[3] as NodeJS.WritableStream | null | undefined;
    if (!this.waitsForGo || !pipe || !this.running) return false;
    this.waitsForGo = false;
    pipe.on('error', () => undefined);
    pipe.end(`${JSON.stringify(values)}\n`);
    return true;
  }

  get running(): boolean {
    return this.end === undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The process has exited (its output may still be arriving). */
  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null || this.end !== undefined;
  }

  onFlood(listener: () => void): void {
    if (this.flooded) listener();
    else this.floodListeners.push(listener);
  }

  private record(stream: Chunk['stream'], data: Buffer, decoder: StringDecoder): void {
    this.totalBytes += data.length;
    const text = decoder.write(data);
    if (stream === 'stderr') this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_BYTES);
    if (this.keptBytes < OUTPUT_KEPT_BYTES) {
      const room = OUTPUT_KEPT_BYTES - this.keptBytes;
      const kept = text.length > room ? text.slice(0, room) : text;
      this.keptBytes += kept.length;
      const last = this.chunks[this.chunks.length - 1];
      if (last && last.stream === stream) last.text += kept;
      else this.chunks.push({ stream, text: kept });
    }
    if (this.totalBytes > FLOOD_BYTES && !this.flooded) {
      this.flooded = true;
      this.kill();
      for (const listener of this.floodListeners.splice(0)) listener();
    }
  }

  /** A position in the output, to later take what was printed after it. */
  mark(): number {
    return this.keptBytes;
  }

  /** Output (both streams, in order) printed since `mark`, within what was kept. */
  outputSince(mark = 0): string {
    let position = 0;
    let text = '';
    for (const chunk of this.chunks) {
      const end = position + chunk.text.length;
      if (end > mark) text += chunk.text.slice(Math.max(0, mark - position));
      position = end;
    }
    if (this.totalBytes > this.keptBytes && this.keptBytes >= OUTPUT_KEPT_BYTES) text += '\n[… salida recortada]';
    return text;
  }

  /** Only what went to stdout (kept part): the printed lines a client program is judged on. */
  stdout(): string {
    return this.chunks.filter((chunk) => chunk.stream === 'stdout').map((chunk) => chunk.text).join('');
  }

  /** The end of stderr, where Python prints the traceback, even when the output was capped. */
  stderr(): string {
    return this.stderrTail;
  }

  /** Waits until the program ends, or `ms` pass; the answer says which. */
  async waitEnd(ms: number): Promise<ProcessEnd | undefined> {
    if (this.end) return this.end;
    return withTimeout(this.ended, ms);
  }

  /** Kills the whole process group (the program and anything it started). */
  kill(): void {
    if (this.end) return;
    this.killing = true;
    killGroup(this.child, 'SIGKILL');
  }

  /**
   * Kills the group and waits (bounded) until the process is reaped; then whatever escaped the
   * group: a child that called os.setsid() (found in the leader's tree while it lives, and by
   * its mark once it has been orphaned) dies too, SIGTERM ignored or not.
   */
  async stop(): Promise<void> {
    const pid = this.child.pid;
    const tree = pid !== undefined && this.running ? await groupPids(pid) : [];
    this.kill();
    for (const member of tree) {
      try {
        process.kill(member, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await this.waitEnd(3000);
    // The leader may be gone while others of its group live on (a forked child): kill the group again.
    killGroup(this.child, 'SIGKILL');
    if (process.platform === 'linux') await killMarked(PROGRAM_MARK, this.processMark);
  }
}
