import { killGroup, spawnGroup } from './process-group.js';

export interface Captured {
  /** The exit code; null when it ended on a signal, was stopped at its time limit, or never started. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Why it could not start (not found, not executable...). */
  startError?: Error;
}

export interface CaptureOptions {
  /** Past this, the command's whole process group is killed. */
  timeoutMs: number;
  /** Written to its standard input, which is then closed; without it, no standard input. */
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Runs a short command in a process group of its own and captures what it prints. However it
 * ends (exit, crash, time limit) its whole group is killed, so nothing it started outlives it.
 */
export function runCaptured(command: string, args: readonly string[], { timeoutMs, input, env, cwd }: CaptureOptions): Promise<Captured> {
  return new Promise((resolve) => {
    const child = spawnGroup(command, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env, cwd });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    if (input !== undefined) {
      child.stdin!.on('error', () => undefined); // it may end without reading: EPIPE is no failure of ours
      child.stdin!.end(input);
    }
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    let settled = false;
    const finish = (code: number | null, startError?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup(child);
      resolve({ code: timedOut ? null : code, stdout, stderr, timedOut, ...(startError ? { startError } : {}) });
    };
    child.once('error', (error) => finish(null, error));
    // What it left running in its group would hold the pipes open: it goes with it.
    child.once('exit', () => killGroup(child));
    child.once('close', (code) => finish(code));
  });
}

/** Runs a short command: true if it exits 0 within the limit (its group killed either way). */
export async function succeeds(command: string, args: readonly string[], { timeoutMs = 5000, env }: Partial<CaptureOptions> = {}): Promise<boolean> {
  return (await runCaptured(command, args, { timeoutMs, env })).code === 0;
}
