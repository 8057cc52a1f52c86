import { LearnerProcess } from './learner-process.js';

/** A start launched ahead, waiting for its go, with the environment it was launched with. */
export interface WaitingStart {
  learner: LearnerProcess;
  environment: NodeJS.ProcessEnv;
  python: string;
}

/** Launches the program ahead (see LearnerProcess: it waits for go() before its first line). */
export function launchAhead(python: string, file: string, environment: NodeJS.ProcessEnv, markPrefix?: string): WaitingStart {
  return { learner: new LearnerProcess(python, file, environment, markPrefix, { ahead: true }), environment, python };
}

export interface ProgramStartsOptions {
  python: string;
  file: string;
  markPrefix?: string;
  /** Tells the run's watcher of each process group (see run-watcher.ts). */
  watch?: (pgid: number | undefined) => void;
  /** Each start is stopped at the end of the run. */
  onTeardown: (teardown: () => Promise<void>) => void;
  /**
   * Starts may be launched ahead: not on Windows (the pipe is a file descriptor the program
   * inherits), nor through calificar's wrapper (see gradeProgram).
   */
  ahead: boolean;
  /** A first start launched before the run began (see prepared-run.ts); the run's watcher already knows it. */
  waiting?: WaitingStart;
}

/** The two variables a start prepared ahead receives at its go; the rest of its environment is fixed at launch. */
const ADDRESS = ['HOST', 'PUERTO'] as const;

/**
 * The starts of the learner's program in one run. When a later test will start it afresh (the
 * tests of HOST and PUERTO do), the next start's Python is launched right after this one and
 * waits before the program's first line (sitecustomize.py) until its test starts it: a restart
 * then costs no interpreter start (40 ms or more), only the program's own. A start prepared for a
 * test that never runs (an earlier one failed) is killed with the rest at the end of the run.
 */
export class ProgramStarts {
  private waiting: WaitingStart | undefined;

  constructor(private readonly options: ProgramStartsOptions) {
    const { waiting } = options;
    if (!waiting) return;
    if (waiting.python === options.python && waiting.learner.file === options.file) {
      this.waiting = waiting;
      options.onTeardown(() => waiting.learner.stop());
    } else {
      waiting.learner.kill();
    }
  }

  /** The program, started with `environment`; `restartsAhead`: a later test will start it again. */
  start(environment: NodeJS.ProcessEnv, restartsAhead: boolean): LearnerProcess {
    const waiting = this.waiting;
    this.waiting = undefined;
    let learner: LearnerProcess | undefined;
    if (waiting && sameApartFromAddress(waiting.environment, environment)) {
      const values = { HOST: environment.HOST ?? null, PUERTO: environment.PUERTO ?? null };
      if (waiting.learner.go(values)) learner = waiting.learner;
    }
    if (!learner) {
      waiting?.learner.kill();
      learner = this.launch(environment, false);
    }
    if (restartsAhead && this.options.ahead) this.waiting = { learner: this.launch(environment, true), environment, python: this.options.python };
    return learner;
  }

  private launch(environment: NodeJS.ProcessEnv, ahead: boolean): LearnerProcess {
    const learner = new LearnerProcess(this.options.python, this.options.file, environment, this.options.markPrefix, { ahead });
    this.options.watch?.(learner.child.pid);
    this.options.onTeardown(() => learner.stop());
    return learner;
  }
}

function sameApartFromAddress(a: NodeJS.ProcessEnv, b: NodeJS.ProcessEnv): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const name of ADDRESS) names.delete(name);
  for (const name of names) if (a[name] !== b[name]) return false;
  return true;
}
