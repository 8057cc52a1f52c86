import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The CLI as users run it: the bundle scripts/run-tests.mjs builds before every run (fast to start, unlike tsx). */
export const BUILT_CLI = join(ROOT, 'dist', 'cli', 'main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One folder per test process for every temporary home, removed when the process exits. */
let homesRoot: string | undefined;

/** A fresh, empty data folder: tests never touch the real home. */
export function tempHome(): string {
  if (!homesRoot) {
    const root = mkdtempSync(join(tmpdir(), 'taller-sockets-homes-'));
    homesRoot = root;
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  }
  return mkdtempSync(join(homesRoot, 'home-'));
}

/** Runs the built CLI without a TTY, with a bounded time. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      // Free ports instead of the document's: test files run in parallel (tests of the fixed ports unset it).
      env: { ...process.env, TALLER_SOCKETS_HOME: tempHome(), TALLER_SOCKETS_PUERTOS_LIBRES: '1', CI: 'true', NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI ${args.join(' ')} did not finish in ${options.timeoutMs ?? 60_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
