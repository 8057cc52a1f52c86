/**
 * The environment the learner's program sees: ours minus anything that looks like a secret
 * (the program is code we have not read), minus variables that change how Python starts, plus
 * HOST and PUERTO.
 */
const SECRET = /TOKEN|SECRET|KEY|PASSW(OR)?D|PASS$|CREDENTIAL|AUTH|PRIVATE|SESSION|COOKIE|SIGNATURE|CERT/i;
const PYTHON_STARTUP = /^PYTHON(INSPECT|STARTUP|HOME|OPTIMIZE|BREAKPOINT|ASYNCIODEBUG|WARNINGS|DEVMODE)$/;

/**
 * Memory the learner's program may use (RLIMIT_DATA, set by our sitecustomize): far above what
 * any socket program of the workshop needs (with dozens of threads, each with its stack), low
 * enough that one allocating without end stops within seconds with MemoryError.
 */
const LEARNER_MEMORY_MB = 512;

export function isSecretName(name: string): boolean {
  return SECRET.test(name);
}

export interface LearnerEnvOptions {
  host: string;
  port: number;
  /** Folder holding our sitecustomize.py (the audit hook), put first on PYTHONPATH. */
  hookDir?: string;
  auditFile?: string;
  /** Memory limit applied by the sitecustomize in `hookDir` (default LEARNER_MEMORY_MB). */
  memoryMb?: number;
  /** Extra variables from the caller (tests pass a leak marker); secrets are filtered from these too. */
  extra?: NodeJS.ProcessEnv;
}

export function learnerEnv(options: LearnerEnvOptions, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries({ ...base, ...options.extra })) {
    if (value === undefined || isSecretName(name) || PYTHON_STARTUP.test(name)) continue;
    if (name.startsWith('TALLER_SOCKETS_') && name !== 'TALLER_SOCKETS_LEAK_MARKER') continue;
    env[name] = value;
  }
  env.HOST = options.host;
  env.PUERTO = String(options.port);
  // Unbuffered, UTF-8 output: what the program printed is visible even when we have to kill it.
  env.PYTHONUNBUFFERED = '1';
  env.PYTHONIOENCODING = 'utf-8';
  env.PYTHONDONTWRITEBYTECODE = '1';
  if (options.hookDir) {
    env.PYTHONPATH = [options.hookDir, env.PYTHONPATH].filter(Boolean).join(process.platform === 'win32' ? ';' : ':');
  }
  if (options.auditFile) env.TALLER_SOCKETS_AUDIT = options.auditFile;
  if (options.hookDir) env.TALLER_SOCKETS_MEMORIA_MB = String(options.memoryMb ?? LEARNER_MEMORY_MB);
  return env;
}

/**
 * The environment of one start of the program in a run whose audit hook lives in `audit`: every
 * start of a run is built here, so that one launched ahead (ProgramStarts) differs from the one
 * asked for in HOST and PUERTO only.
 */
export function runLearnerEnv(audit: { dir: string; file: string }, address: { host: string; port: number }, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return learnerEnv({ ...address, hookDir: audit.dir, auditFile: audit.file, extra });
}
