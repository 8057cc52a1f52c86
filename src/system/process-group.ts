import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { hasEnded, readStatSync } from './proc/process-stat.js';

/**
 * Every child we start runs in its own process group (detached), so that killing the group also
 * kills whatever the child started. The registry makes sure no group outlives this process.
 */
const liveGroups = new Set<ChildProcess>();
/** Children that end themselves cleanly when sent this line on stdin (a kernel resets its connections). */
const farewells = new Map<ChildProcess, string>();
let exitHookInstalled = false;

const isWindows = process.platform === 'win32';

/** Every child carries the pid of the workshop process that started it: `doctor` finds leftovers by it. */
export const OWNER_MARK = 'TALLER_SOCKETS_DUENO';

export interface GroupOptions extends SpawnOptions {
  /** A line that makes the child end itself and its group, written when we leave (before any kill). */
  farewell?: string;
}

export function spawnGroup(command: string, args: readonly string[], { farewell, ...options }: GroupOptions = {}): ChildProcess {
  installExitHook();
  const env = { ...(options.env ?? process.env), [OWNER_MARK]: String(process.pid) };
  const child = spawn(command, args, { ...options, env, detached: !isWindows });
  liveGroups.add(child);
  if (farewell) farewells.set(child, farewell);
  const forget = (): void => {
    liveGroups.delete(child);
    farewells.delete(child);
  };
  child.once('exit', forget);
  child.once('error', forget);
  return child;
}

/** Kills the child's whole process group at once (SIGKILL by default). Safe to call twice. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    if (isWindows) child.kill(signal);
    else process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Sends a signal to the child process only (not its group), e.g. SIGINT to interrupt a step. */
export function signalProcess(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return false;
  try {
    process.kill(child.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends every group we started, synchronously (it also runs in the 'exit' hook): children with a
 * farewell are asked first and given a moment to end themselves cleanly, then every group is killed.
 */
export function killAllGroups(): void {
  sayFarewells();
  for (const child of liveGroups) killGroup(child);
  liveGroups.clear();
  farewells.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: process.kill is, so the groups die with us.
  process.once('exit', killAllGroups);
}

const FAREWELL_WAIT_MS = 300;

function sayFarewells(): void {
  const leaving: ChildProcess[] = [];
  for (const [child, line] of farewells) {
    if (child.exitCode !== null || child.signalCode !== null || !child.stdin?.writable) continue;
    try {
      // A short write to a pipe with room is done at once (libuv tries it synchronously).
      child.stdin.write(line);
      leaving.push(child);
    } catch {
      // Its pipe is already closed: it has seen us go.
    }
  }
  if (leaving.length) waitUntilEnded(leaving.map((child) => child.pid!).filter(Boolean), FAREWELL_WAIT_MS);
}

/** Blocks (bounded) until these processes have ended; the event loop cannot run here, so they stay unreaped. */
function waitUntilEnded(pids: number[], limitMs: number): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  if (process.platform !== 'linux') {
    Atomics.wait(pause, 0, 0, 50); // no /proc to watch them: a moment is enough for a clean end
    return;
  }
  const deadline = Date.now() + limitMs;
  let waiting = pids;
  while (waiting.length && Date.now() < deadline) {
    waiting = waiting.filter((pid) => !hasEnded(readStatSync(pid)));
    if (waiting.length) Atomics.wait(pause, 0, 0, 2);
  }
}
