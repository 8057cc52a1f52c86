import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';
import { findTool } from '../find-tool.js';
import { runCaptured, succeeds } from '../run-captured.js';
import { systemMountArgs } from './system-mounts.js';

/**
 * A sandbox for code nobody has read, made with bubblewrap (`bwrap`, the tool Flatpak uses),
 * not a home-made one. Inside it a program sees the system read-only, one writable folder that is
 * an empty tmpfs capped in size (plus a capped private /tmp and /dev/shm), the read-only folders
 * it is given, its own process namespace (it cannot see or signal anything outside) and no IPC
 * with the host; it dies when whoever started bwrap dies. The network is NOT unshared: the caller
 * decides that (a private network namespace around it, or the machine's).
 */
export type SandboxTool = { kind: 'bwrap'; command: string } | { kind: 'none'; reason: string };

/** Setting this variable to 0 turns the sandbox off (to test, or compare with, the path without it). */
const SANDBOX_SWITCH = 'TALLER_SOCKETS_SANDBOX';

let probed: Promise<SandboxTool> | undefined;

/** bubblewrap if it is installed and works here (tried for real, once per process). */
export function findSandbox(): Promise<SandboxTool> {
  if (process.env[SANDBOX_SWITCH] === '0') return Promise.resolve({ kind: 'none', reason: `desactivado con ${SANDBOX_SWITCH}=0` });
  if (process.platform !== 'linux') return Promise.resolve({ kind: 'none', reason: 'bubblewrap solo existe en Linux' });
  probed ??= probe();
  return probed;
}

async function probe(): Promise<SandboxTool> {
  const command = findTool('bwrap');
  if (!command) return { kind: 'none', reason: 'no está instalado bubblewrap (paquete bubblewrap)' };
  const works = await succeeds(command, [...baseArgs(1 << 20), '--', 'true']);
  return works ? { kind: 'bwrap', command } : { kind: 'none', reason: 'bubblewrap está instalado pero este sistema no le deja crear espacios de nombres' };
}

export interface SandboxPlan {
  /** Becomes, inside, an empty tmpfs of at most `capBytes`: the only writable folder (besides /tmp). */
  writableRoot: string;
  capBytes: number;
  /** Folders created inside `writableRoot` before the program starts. */
  dirs: string[];
  /** A host folder whose contents are copied into `seed.to` (inside `writableRoot`) at the start. */
  seed?: { from: string; to: string };
  /** Host paths shown read-only at the same path (an interpreter's installation, helpers). */
  readOnly: string[];
  /** Single host files shown writable at the same path (a log the caller reads while it runs). */
  writableFiles?: string[];
  env: Record<string, string>;
  chdir: string;
}

/** Where the seed is visible inside, read-only, while it is copied. */
const SEED_MOUNT = '/.semilla';

function baseArgs(capBytes: number): string[] {
  return [
    '--die-with-parent',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    ...systemMountArgs(),
    '--proc', '/proc',
    '--dev', '/dev',
    '--size', String(capBytes), '--perms', '1777', '--tmpfs', '/tmp',
    '--size', String(capBytes), '--perms', '1777', '--tmpfs', '/dev/shm',
  ];
}

/**
 * The bwrap options for a plan, up to (not including) `--`: the command comes after. The root
 * of the sandbox is made read-only last (the final two options: a caller adding mounts of its
 * own puts them before those), so nothing outside the capped folders takes a byte.
 */
export function sandboxOptions(plan: SandboxPlan): string[] {
  const args = [...baseArgs(plan.capBytes), '--size', String(plan.capBytes), '--tmpfs', plan.writableRoot];
  for (const dir of plan.dirs) args.push('--dir', dir);
  for (const path of plan.readOnly) args.push('--ro-bind', path, path);
  for (const file of plan.writableFiles ?? []) args.push('--bind', file, file);
  if (plan.seed) args.push('--ro-bind', plan.seed.from, SEED_MOUNT);
  for (const [name, value] of Object.entries(plan.env)) args.push('--setenv', name, value);
  args.push('--chdir', plan.chdir, '--remount-ro', '/');
  return args;
}

/** What runs inside, after `--`: the seed copied in (by the system's cp), then the command itself. */
export function sandboxCommand(plan: SandboxPlan, command: string[]): string[] {
  if (!plan.seed) return command;
  return ['/bin/sh', '-c', 'cp -R "$1"/. "$2"/ && shift 2 && exec "$@"', 'sh', SEED_MOUNT, plan.seed.to, ...command];
}

/**
 * The folders an interpreter needs read-only to run inside: where its executable really is and
 * its prefixes (pyenv, a venv, /opt...), when they are outside the system folders already shown.
 */
export async function pythonInstallPaths(python: string): Promise<string[]> {
  const { code, stdout } = await runCaptured(python, ['-I', '-S', join(packageRoot(), 'src', 'system', 'python', 'install-paths.py')], { timeoutMs: 10_000 });
  if (code !== 0) return [];
  const system = /^\/(usr|bin|lib|lib64|sbin|opt)(\/|$)/;
  const paths = [...new Set(stdout.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('/') && !system.test(line)))];
  // A folder inside another one listed is shown with it.
  return paths.filter((path) => !paths.some((other) => other !== path && path.startsWith(`${other}/`))).sort();
}
