import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Every child we start runs in its own process group (detached), so that killing the group also
 * kills whatever the child started. The registry makes sure no group outlives this process.
 */
const liveGroups = new Set<ChildProcess>();
let exitHookInstalled = false;

const isWindows = process.platform === 'win32';

export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  installExitHook();
  const child = spawn(command, args, { ...options, detached: !isWindows });
  liveGroups.add(child);
  child.once('exit', () => liveGroups.delete(child));
  child.once('error', () => liveGroups.delete(child));
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

/** Runs a short command in its own group: true if it exits 0 within the limit (killed otherwise). */
export function succeeds(command: string, args: readonly string[], options: SpawnOptions = {}, limitMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawnGroup(command, args, { stdio: 'ignore', ...options });
    const timer = setTimeout(() => killGroup(child), limitMs);
    child.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}

export function killAllGroups(): void {
  for (const child of liveGroups) killGroup(child);
  liveGroups.clear();
}

export function liveGroupCount(): number {
  return liveGroups.size;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: process.kill is, so the groups die with us.
  process.once('exit', killAllGroups);
}
