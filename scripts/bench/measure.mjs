// Timing primitives of the benchmark: run a child process with a bounded time, in its own process
// group (killed on every path), and summarise samples.
import { spawn } from 'node:child_process';

/** Every group started here, so that an interrupted bench leaves nothing behind. */
const liveGroups = new Set();
process.once('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
    process.exit(130);
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Runs `command args` and resolves with its wall time (spawn -> exit) in ms, exit code and output.
 * `until(stdout)` ends the measurement early (first screen): the clock stops when it returns true,
 * then the child gets SIGTERM (the CLI kills its own kernels on it) and SIGKILL after a grace.
 */
export function timeCommand(command, args, { env, cwd, timeoutMs = 30_000, until, input = '' } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    liveGroups.add(child.pid);
    let stdout = '';
    let stderr = '';
    let ms;
    let reason;
    let graceTimer;
    const stop = (why) => {
      if (reason) return;
      reason = why;
      try {
        child.kill('SIGTERM');
      } catch {
        // already gone
      }
      graceTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 3000);
    };
    const timer = setTimeout(() => {
      ms ??= performance.now() - started;
      stop('timeout');
      killGroup(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (text) => {
      stdout += text;
      if (until && ms === undefined && until(stdout)) {
        ms = performance.now() - started;
        stop('done');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
    child.on('error', (error) => {
      stderr += String(error);
    });
    child.on('exit', () => {
      ms ??= performance.now() - started;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(graceTimer);
      // The child is gone; anything left in its group (it should be empty) goes too.
      killGroup(child.pid, 'SIGKILL');
      liveGroups.delete(child.pid);
      const timedOut = reason === 'timeout';
      const reached = until ? reason === 'done' : undefined;
      resolve({ ms, code, signal, stdout, stderr, timedOut, reached });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

export function median(values) {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function round(value, digits = 2) {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Runs every task once per round, in order: warm-up rounds first (not kept), then `runs` rounds.
 * Compared commands sit next to each other in every round, so that a slow moment of the machine
 * hits both sides alike. Each task resolves with `{ ms }` or `{ error }`.
 */
export async function rounds(tasks, { warmup = 0, runs, onProgress }) {
  const results = new Map(Object.keys(tasks).map((name) => [name, { samples: [], failures: [] }]));
  for (let round = 0; round < warmup + runs; round++) {
    for (const [name, task] of Object.entries(tasks)) {
      const outcome = await task();
      if (round < warmup) continue;
      const entry = results.get(name);
      if (outcome.error) entry.failures.push(outcome.error);
      else entry.samples.push(outcome.ms);
    }
    onProgress?.(round + 1, warmup + runs);
  }
  return results;
}

/** A run result as a sample: its time, or why it does not count. */
export function sample(result, what, { expectCode = 0 } = {}) {
  if (result.timedOut) return { error: `${what}: no terminó a tiempo` };
  if (result.reached === false) return { error: `${what}: terminó sin mostrar lo esperado (código ${result.code}): ${lastLine(result.stderr || result.stdout)}` };
  if (result.reached === undefined && expectCode !== undefined && result.code !== expectCode) {
    return { error: `${what}: salió con código ${result.code}: ${lastLine(result.stderr || result.stdout)}` };
  }
  return { ms: result.ms };
}

function lastLine(text) {
  return text.trim().split('\n').slice(-1)[0]?.slice(0, 200) ?? '';
}
