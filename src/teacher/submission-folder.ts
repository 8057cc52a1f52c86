import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { sandboxCommand, sandboxOptions, type SandboxPlan } from '../system/sandbox/bubblewrap.js';

/** Resource limits applied to a submission's Python (and everything it starts). */
export interface ResourceLimits {
  /** Address space, in MB (RLIMIT_AS): a program that allocates more gets MemoryError. */
  memoryMb: number;
  /** CPU seconds (RLIMIT_CPU): a backstop behind the wall-clock limit. */
  cpuSeconds: number;
  /** Largest file it may write, in MB (RLIMIT_FSIZE). */
  fileMb: number;
  /** Processes and threads (RLIMIT_NPROC); only where it counts per submission (own user namespace). */
  processes?: number;
}

export interface SubmissionFolder {
  root: string;
  /** The copy of the submission: the program runs here, so it cannot change the original. */
  work: string;
  /** HOME and TMPDIR of the program. */
  home: string;
  tmp: string;
  /** TMPDIR of the grading worker (its audit log): apart from the program's in a sandbox. */
  graderTmp: string;
  /** The program's interpreter: a wrapper that sets the limits and executes Python. */
  python: string;
}

/** bubblewrap, and what of the machine the program needs to see read-only (its Python). */
export interface SandboxUse {
  command: string;
  readOnly: string[];
}

/**
 * A temporary folder of its own for one submission: a copy of what was handed in, an empty home,
 * and `python`, a small sh wrapper that applies the resource limits (ulimit: every shell has it)
 * and then becomes Python (exec: same process, so the grader watches the real program), inside
 * bubblewrap when there is a sandbox: then the program's folder is a capped tmpfs seeded with
 * the copy at each start, and nothing else of the machine is writable or even visible.
 */
export function prepareSubmissionFolder(
  root: string,
  source: string,
  isFolder: boolean,
  realPython: string,
  limits: ResourceLimits,
  sandbox?: SandboxUse,
): SubmissionFolder {
  const work = join(root, 'trabajo');
  const home = join(root, 'casa');
  const tmp = join(root, 'tmp');
  const graderTmp = sandbox ? join(root, 'calificador') : tmp;
  for (const dir of [work, home, tmp, graderTmp]) mkdirSync(dir, { recursive: true });
  if (isFolder) cpSync(source, work, { recursive: true, filter: (path) => !isSkipped(path) });
  else writeFileSync(join(work, source.split(/[\\/]/).pop()!), readFileSync(source));
  // Windows has no sh (nor ulimit): there the program runs without these limits, wall clock aside.
  if (process.platform === 'win32') return { root, work, home, tmp, graderTmp, python: realPython };
  const python = join(root, 'python');
  const plan: SandboxPlan | undefined = sandbox && {
    writableRoot: root,
    capBytes: limits.fileMb * 1024 * 1024,
    dirs: [work, home, tmp],
    seed: { from: work, to: work },
    // The worker's TMPDIR, read-only: the files some tests give the program (ARCHIVO, CARPETA) are made there.
    readOnly: [...sandbox.readOnly, graderTmp],
    env: { HOME: home, TMPDIR: tmp },
    chdir: work,
  };
  writeFileSync(python, limitsWrapper(realPython, limits, plan && sandbox && { command: sandbox.command, plan }), { mode: 0o755 });
  return { root, work, home, tmp, graderTmp, python };
}

function isSkipped(path: string): boolean {
  const name = path.split(/[\\/]/).pop() ?? '';
  // Links could point anywhere on the teacher's disk: a copy never follows them.
  let link: boolean;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    return true;
  }
  return link || name === '__pycache__' || name === '.git';
}

/** sh quoting: the interpreter's path may hold spaces. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The grader's audit hook (src/grader/audit-hook.ts) appends to the file this variable names,
 * which the grader reads while the program runs: inside the sandbox, that one file is writable.
 */
const AUDIT_VARIABLE = 'TALLER_SOCKETS_AUDIT';

function limitsWrapper(realPython: string, limits: ResourceLimits, sandbox?: { command: string; plan: SandboxPlan }): string {
  const lines = [
    '#!/bin/sh',
    '# taller-sockets calificar: resource limits for one submission, then Python itself.',
    // Data, not address space: 512 MB of address space leaves room for only ~13 Python threads
    // (each reserves its stack), which would fail honest threaded servers.
    `ulimit -d ${limits.memoryMb * 1024} 2>/dev/null`,
    `ulimit -t ${limits.cpuSeconds} 2>/dev/null`,
    // dash counts -f in 512-byte blocks, bash in 1024: either way a bound of the same order.
    `ulimit -f ${limits.fileMb * 2048} 2>/dev/null`,
    'ulimit -c 0 2>/dev/null',
  ];
  // bash says -u, dash says -p.
  if (limits.processes) lines.push(`ulimit -u ${limits.processes} 2>/dev/null || ulimit -p ${limits.processes} 2>/dev/null`);
  if (!sandbox) {
    lines.push(`exec ${quote(realPython)} "$@"`, '');
    return lines.join('\n');
  }
  // The audit hook's folder (its sitecustomize) read-only and its log writable, before the root is made read-only.
  const all = [sandbox.command, ...sandboxOptions(sandbox.plan)];
  const last = all.splice(-2).map(quote).join(' ');
  const options = all.map(quote).join(' ');
  const command = sandboxCommand(sandbox.plan, [realPython]).map(quote).join(' ');
  // bwrap reports a program killed by a signal as exit code 128 + N: the wrapper dies of that same
  // signal, so that the grader still says «SIGSEGV», «SIGKILL»... (hence no exec here).
  lines.push(
    `if [ -n "\${${AUDIT_VARIABLE}:-}" ] && : >> "$${AUDIT_VARIABLE}"; then`,
    // The folder by parameter expansion: dirname would be a fork and an exec at every program start.
    `  hook="\${${AUDIT_VARIABLE}%/*}"`,
    `  ${options} --ro-bind "$hook" "$hook" --bind "$${AUDIT_VARIABLE}" "$${AUDIT_VARIABLE}" ${last} -- ${command} "$@"`,
    'else',
    `  ${options} ${last} -- ${command} "$@"`,
    'fi',
    'status=$?',
    'if [ "$status" -gt 128 ] && [ "$status" -lt 160 ]; then kill -$((status - 128)) $$; fi',
    'exit "$status"',
    '',
  );
  return lines.join('\n');
}

/**
 * Removes the folder, even when the program took its own permissions away from some of it
 * (a program runs as the teacher's user: it could chmod 000 a folder it made).
 */
export function removeSubmissionFolder(root: string): void {
  try {
    rmSync(root, { recursive: true, force: true });
    return;
  } catch {
    // fall through: give ourselves the permissions back and try again
  }
  restorePermissions(root, 0);
  rmSync(root, { recursive: true, force: true, maxRetries: 2 });
}

function restorePermissions(path: string, depth: number): void {
  if (depth > 50) return;
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      chmodSync(path, 0o700);
      for (const entry of readdirSync(path)) restorePermissions(join(path, entry), depth + 1);
    }
  } catch {
    // gone already
  }
}
