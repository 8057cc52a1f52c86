import { copyFileSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepStaleReservations } from '../net/port-reservation.js';
import { packageRoot } from '../package-root.js';

/**
 * Where did the learner's program bind, connect or send? Python's audit hooks (PEP 578) see every
 * `bind`, `connect` and `sendto` with the address exactly as the program wrote it, even when the
 * call then fails, on every OS. A sitecustomize.py on PYTHONPATH installs the hook before the
 * learner's code runs; it only appends one JSON line per call to a file and never raises. The
 * same file first sets the program's memory limit (RLIMIT_DATA, where the OS has it).
 */
/** The hook's Python, shipped as python/sitecustomize.py beside this module's source (and with the travelling grader). */
function sitecustomizeSource(): string {
  return join(packageRoot(), 'src', 'grader', 'python', 'sitecustomize.py');
}

export interface AuditEvent {
  event: 'bind' | 'connect' | 'sendto';
  pid: number;
  family: number;
  type: number;
  host: string;
  port?: number;
  /** A bind() to a port the program had already bound itself (still open): on that same socket or another. */
  again?: 'same-socket' | 'other-socket';
  /** When the program made the call, by its own clock (ms since the epoch, like Date.now()): the grader's may lag. */
  at?: number;
}

/** Linux/macOS/Windows agree on these two: SOCK_STREAM = 1, SOCK_DGRAM = 2. */
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;

export class AuditLog {
  readonly dir: string;
  readonly file: string;
  /** Watches the folder for the hook's writes (see nextChange); undefined until asked, or where it cannot. */
  private watcher: FSWatcher | undefined;
  private watching = false;
  private waiting: (() => void)[] = [];

  private constructor(dir: string) {
    this.dir = dir;
    this.file = join(dir, 'sockets.jsonl');
  }

  static create(): AuditLog {
    const dir = claimTemporaryFolder();
    copyFileSync(sitecustomizeSource(), join(dir, 'sitecustomize.py'));
    return new AuditLog(dir);
  }

  /** Starts a fresh record (each program start). */
  clear(): void {
    try {
      rmSync(this.file, { force: true });
    } catch {
      // nothing to clear
    }
  }

  events(): AuditEvent[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const events: AuditEvent[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const raw = JSON.parse(line) as { event: AuditEvent['event']; pid: number; family: number; type: number; address: unknown[]; again?: AuditEvent['again']; at?: number };
        const [host, port] = raw.address;
        events.push({
          event: raw.event,
          pid: raw.pid,
          family: raw.family,
          // Some platforms report SOCK_NONBLOCK/SOCK_CLOEXEC bits in the type.
          type: raw.type & 0xf,
          host: String(host),
          port: typeof port === 'number' ? port : undefined,
          ...(raw.again ? { again: raw.again } : {}),
          ...(typeof raw.at === 'number' ? { at: raw.at } : {}),
        });
      } catch {
        // A line cut by a killed process: skip it.
      }
    }
    return events;
  }

  /**
   * Resolves the next time the program's hook records a call (a bind, connect or sendto): the
   * grader learns at once that the program got there, instead of waiting for its next try. Never
   * resolves where the folder cannot be watched, or for a program whose hook cannot write (one
   * that is no longer Python): callers keep trying on their own clock as well.
   */
  nextChange(): Promise<void> {
    this.startWatching();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private startWatching(): void {
    if (this.watching) return;
    this.watching = true;
    try {
      // Writes only ('change'): clearing the record between starts removes the file ('rename').
      this.watcher = watch(this.dir, { persistent: false }, (type, name) => {
        if (type !== 'change' || (name !== null && name !== 'sockets.jsonl')) return;
        for (const resolve of this.waiting.splice(0)) resolve();
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // No file watching here (inotify exhausted): the callers' own tries are enough.
    }
  }

  dispose(): void {
    this.watcher?.close();
    this.waiting = [];
    releaseTemporaryFolder(this.dir);
  }
}

export const AUDIT_DIR_PREFIX = 'taller-sockets-grader-';
const OWNER_FILE = 'propietario';
const liveDirs = new Set<string>();
let exitHookInstalled = false;

/** Our pid and PID namespace: a pid means something only inside the namespace that gave it. */
function ownerTag(): string {
  let namespace = '';
  try {
    namespace = readlinkSync('/proc/self/ns/pid');
  } catch {
    // not Linux: the pid alone
  }
  return `${process.pid} ${namespace}`;
}

/** Set in a worker's environment when its TMPDIR is a folder its parent made for it: the worker removes it on exit. */
export const OWN_TMPDIR = 'TALLER_SOCKETS_TMPDIR_PROPIO';

/** Removes, at once and synchronously, every folder this process still has (an exit path that cannot wait). */
function removeLiveAuditDirs(): void {
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
  liveDirs.clear();
  // A worker whose parent died (kill -9): the folder its parent made for it goes with it.
  if (process.env[OWN_TMPDIR] === '1' && tmpdir().includes(AUDIT_DIR_PREFIX)) rmSync(tmpdir(), { recursive: true, force: true });
}

/** A temporary folder of the grader's (a worker's TMPDIR): owned, removed on exit, swept when stale. */
export function claimTemporaryFolder(): string {
  sweepStaleAuditDirs();
  sweepStaleReservations();
  const dir = mkdtempSync(join(tmpdir(), AUDIT_DIR_PREFIX));
  writeFileSync(join(dir, OWNER_FILE), ownerTag());
  installExitHook();
  liveDirs.add(dir);
  return dir;
}

export function releaseTemporaryFolder(dir: string): void {
  liveDirs.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  // The CLI's signal handlers end the process at once, skipping every finally: remove them then.
  process.once('exit', removeLiveAuditDirs);
  exitHookInstalled = true;
}

/**
 * Folders left by a grader that died without cleaning up (kill -9, a closed terminal before the
 * learner's watcher could run): removed at the next start, when their owner is known dead in our
 * own PID namespace. Folders of live graders, or from another namespace, are left alone.
 */
export function sweepStaleAuditDirs(dir = tmpdir()): number {
  const [, namespace = ''] = ownerTag().split(' ');
  let removed = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir).filter((name) => name.startsWith(AUDIT_DIR_PREFIX));
  } catch {
    return 0;
  }
  for (const name of entries) {
    const path = join(dir, name);
    let owner: string | undefined;
    try {
      owner = readFileSync(join(path, OWNER_FILE), 'utf8');
    } catch {
      owner = undefined;
    }
    // No owner yet: an older version's folder, or one being created (its owner file made but not
    // yet written: another grader starting at this very moment); only when clearly old.
    if (!owner || !/^\d+ /.test(owner)) {
      try {
        if (Date.now() - statSync(path).mtimeMs < 24 * 3600_000) continue;
      } catch {
        continue;
      }
      owner = '0 ';
    }
    const [pidText = '0', ownerNamespace = ''] = owner.split(' ');
    const pid = Number(pidText);
    if (pid && (ownerNamespace !== namespace || isAlive(pid))) continue;
    rmSync(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** "127.0.0.1:65432", "[::1]:65432", "localhost:9999". */
export function formatEndpoint(host: string, port: number | undefined): string {
  const shownHost = host === '' ? '0.0.0.0' : host.includes(':') ? `[${host}]` : host;
  return port === undefined ? shownHost : `${shownHost}:${port}`;
}
