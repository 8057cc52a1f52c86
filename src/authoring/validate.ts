import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseLessonOrPrebuilt } from '../lessons/prebuilt-lessons.js';
import type { Lesson } from '../lessons/model.js';
import { runLessonAuto } from '../engine/run-lesson.js';
import { loadExercise, EXERCISE_FILE, type Exercise } from '../grader/exercise-content.js';
import type { FormatProblem } from '../lessons/format-error.js';
import type { ContentSet } from './content-paths.js';
import { resolvePython } from '../system/python.js';
import { chooseIsolation, type Isolation } from '../teacher/isolation.js';
import { runSubmission, type RunOptions, type SubmissionOutcome } from '../teacher/run-submission.js';
import { mapBounded } from '../teacher/scheduler.js';
import { defaultWorkerCommand } from '../teacher/worker-command.js';
import type { Finding } from './findings.js';
import { scanPlaceholders } from './placeholders.js';

export interface ValidateOptions {
  content: ContentSet;
  parallel?: number;
  /** false: only what needs no program run (format, placeholders, hints), in seconds. */
  live?: boolean;
  /** Variables passed on to every program and kernel (tests: the leak marker). */
  passEnv?: Record<string, string>;
  workerCommand?: string[];
  onEvent?: (event: ValidateEvent) => void;
}

export type ValidateEvent =
  | { type: 'started'; jobs: number; lessons: number; exercises: number; isolation: Isolation }
  | { type: 'checked'; what: string; ok: boolean; done: number; total: number };

export interface ValidateReport {
  lessons: number;
  exercises: number;
  /** Live checks run (lesson runs, exercise programs graded). */
  checks: number;
  findings: Finding[];
  isolation?: Isolation;
  seconds: number;
}

interface Job {
  what: string;
  run(): Promise<Finding[]>;
}

/**
 * `autor validar`: every lesson and exercise of the given folders. The format first (every
 * mistake with file and line), leftover placeholders, hints; then, live and in parallel: every
 * lesson runs green with --auto (on free ports, so several at once), every exercise's solution
 * passes, its starter fails, and each known-wrong program fails with the message it declares
 * (each program graded as `calificar` does, isolated, so they can share the document's port).
 */
export async function validateContent(options: ValidateOptions): Promise<ValidateReport> {
  const started = Date.now();
  const findings: Finding[] = [];
  const lessons = await readLessons(options.content.lessonFiles, findings);
  const exercises = await readExerciseFolders(options.content.exerciseFolders, findings);
  for (const lesson of lessons) findings.push(...scanPlaceholders(lesson.file));
  for (const exercise of exercises) {
    for (const name of [EXERCISE_FILE, 'enunciado.md', 'solucion.py']) findings.push(...scanPlaceholders(join(exercise.dir, name)));
    for (const program of exercise.wrongPrograms) findings.push(...scanPlaceholders(program.file));
    exercise.hints.forEach((hint, index) => {
      if (!hint.trim()) findings.push({ kind: 'formato', file: join(exercise.dir, EXERCISE_FILE), message: `la pista ${index + 1} está vacía` });
    });
  }
  if (options.live === false) return runJobs([], options, findings, lessons.length, exercises.length, undefined, started);
  const jobs: Job[] = lessons.map((lesson) => lessonJob(lesson, options.passEnv));
  let isolation: Isolation | undefined;
  if (exercises.length) {
    const python = (await resolvePython()).executable;
    // The teacher's own programs, not a class's: without bubblewrap, so that the grader sees the
    // program as the leader of its processes, as `verificar` does (some diagnoses rely on it).
    isolation = await chooseIsolation('auto', python, { sandbox: false });
    const workRoot = mkdtempSync(join(tmpdir(), 'taller-sockets-validar-'));
    const base = { isolation, python, workRoot, workerCommand: options.workerCommand ?? defaultWorkerCommand(), passEnv: options.passEnv };
    jobs.push(...exercises.flatMap((exercise) => exerciseJobs(exercise, base)));
    try {
      return await runJobs(jobs, options, findings, lessons.length, exercises.length, isolation, started);
    } finally {
      rmSync(workRoot, { recursive: true, force: true });
    }
  }
  return runJobs(jobs, options, findings, lessons.length, exercises.length, isolation, started);
}

async function runJobs(
  jobs: Job[],
  options: ValidateOptions,
  findings: Finding[],
  lessons: number,
  exercises: number,
  isolation: Isolation | undefined,
  started: number,
): Promise<ValidateReport> {
  const emit = options.onEvent ?? (() => undefined);
  emit({ type: 'started', jobs: jobs.length, lessons, exercises, isolation: isolation ?? { kind: 'ports', reason: 'sin ejercicios' } });
  let done = 0;
  const serialize = portSerializer(isolation);
  const results = await mapBounded(
    jobs,
    options.parallel ?? availableParallelism(),
    (job) => serialize(job),
    (found, index) => emit({ type: 'checked', what: jobs[index]!.what, ok: found.length === 0, done: ++done, total: jobs.length }),
  );
  return { lessons, exercises, checks: jobs.length, findings: [...findings, ...results.flatMap((found) => found ?? [])], isolation, seconds: (Date.now() - started) / 1000 };
}

/**
 * Without private networks, programs that touch the document's port themselves (`puerto-fijo`,
 * `ocupar-puerto`) must take turns; in a private network each has its own port 65432.
 */
function portSerializer(isolation: Isolation | undefined): (job: Job) => Promise<Finding[]> {
  let chain: Promise<unknown> = Promise.resolve();
  return (job) => {
    if (isolation?.kind !== 'ports' || !(job as Job & { fixedPort?: boolean }).fixedPort) return job.run();
    const run = chain.then(() => job.run());
    chain = run.catch(() => undefined);
    return run;
  };
}

async function readLessons(files: string[], findings: Finding[]): Promise<Lesson[]> {
  const lessons: Lesson[] = [];
  for (const file of files) {
    const { lesson, problems } = await parseLessonOrPrebuilt(readFileSync(file, 'utf8'), file);
    findings.push(...problems.map(formatFinding));
    if (!lesson || problems.length) continue;
    const other = lessons.find((candidate) => candidate.id === lesson.id);
    if (other) findings.push({ kind: 'formato', file, line: 2, message: `campo «id»: el id «${lesson.id}» ya lo usa ${other.file}` });
    else lessons.push(lesson);
  }
  return lessons;
}

async function readExerciseFolders(folders: string[], findings: Finding[]): Promise<Exercise[]> {
  const exercises: Exercise[] = [];
  const problems: FormatProblem[] = [];
  for (const folder of folders) {
    const exercise = await loadExercise(folder, exercises.length + 1, problems);
    if (!exercise) continue;
    const other = exercises.find((candidate) => candidate.id === exercise.id);
    if (other) problems.push({ file: join(folder, EXERCISE_FILE), line: 1, field: 'id', message: `el id «${exercise.id}» ya lo usa ${other.dir}` });
    else exercises.push(exercise);
  }
  findings.push(...problems.map(formatFinding));
  return exercises;
}

function formatFinding(problem: FormatProblem): Finding {
  return { kind: 'formato', file: problem.file, line: problem.line, message: problem.field ? `campo «${problem.field}»: ${problem.message}` : problem.message };
}

function lessonJob(lesson: Lesson, passEnv: Record<string, string> | undefined): Job {
  return {
    what: `lección ${lesson.folder}`,
    async run() {
      const result = await runLessonAuto(lesson, { alwaysSubstitutePorts: true, readTcpStates: true, env: { ...process.env, ...passEnv } });
      const findings: Finding[] = [];
      for (const step of result.steps) {
        if (step.status === 'pass') continue;
        const failed = step.checks.filter((check) => check.status === 'fail').map((check) => `${check.name}: ${check.message}`);
        const why = step.problem ?? (failed.length ? failed.join('; ') : step.stderr.trim().split('\n').pop() ?? 'falló');
        findings.push({ kind: 'leccion', file: lesson.file, line: step.step.line, message: `paso ${step.step.number} («${step.step.title}») no pasa con --auto: ${why}` });
      }
      if (result.steps.length < lesson.steps.length && !findings.length) {
        findings.push({ kind: 'leccion', file: lesson.file, message: `solo terminaron ${result.steps.length} de ${lesson.steps.length} pasos` });
      }
      return findings;
    },
  };
}

type RunBase = Pick<RunOptions, 'isolation' | 'python' | 'workRoot' | 'workerCommand' | 'passEnv'>;

function exerciseJobs(exercise: Exercise, base: RunBase): Job[] {
  const testNames = exercise.tester.tests().map((test) => test.name);
  const options = (extra: Partial<RunOptions> = {}): RunOptions => ({
    ...base,
    tester: exercise.tester.exerciseId,
    testNames,
    limits: { memoryMb: 512, cpuSeconds: 120, fileMb: 64 },
    timeLimitMs: 120_000,
    ...extra,
  });
  const grade = (file: string, extra?: Partial<RunOptions>): Promise<SubmissionOutcome> =>
    runSubmission({ name: basename(file), source: file, isFolder: false, program: basename(file) }, options(extra));
  const solution = join(exercise.dir, 'solucion.py');
  const starter = join(exercise.dir, 'inicio.py');
  const jobs: Job[] = [
    {
      what: `${exercise.id}: solucion.py pasa`,
      async run() {
        const outcome = await grade(solution);
        return outcome.status === 'pass'
          ? []
          : [{ kind: 'ejercicio', file: solution, message: `la solución de referencia no pasa: ${where(outcome)}` }];
      },
    },
    {
      what: `${exercise.id}: inicio.py falla`,
      async run() {
        const outcome = await grade(starter);
        return outcome.status === 'pass'
          ? [{ kind: 'ejercicio', file: starter, message: 'el archivo de partida ya pasa todas las pruebas: debe fallar (si no, no hay ejercicio)' }]
          : [];
      },
    },
  ];
  for (const program of exercise.wrongPrograms) {
    const fixedPort = program.occupyPort ?? program.fixedPort;
    const job: Job & { fixedPort?: boolean } = {
      what: `${exercise.id}: errores/${program.name}.py falla como dice`,
      fixedPort: fixedPort !== undefined,
      async run() {
        // A program that uses the document's port on its own is graded on it (the grader's «lee
        // PUERTO» test moves it elsewhere, which is where it shows); one that expects its port busy
        // is graded while something holds it.
        const extra: Partial<RunOptions> = program.occupyPort
          ? { occupy: { transport: exercise.tester.transport, port: program.occupyPort }, port: 'documento' }
          : program.fixedPort
            ? { port: 'documento' }
            : {};
        const outcome = await grade(program.file, extra);
        const problems: string[] = [];
        if (outcome.status === 'pass') problems.push('pasa todas las pruebas, y debía fallar');
        else {
          if (program.failingTest && !outcome.failedTest?.includes(program.failingTest)) {
            problems.push(`falla en «${outcome.failedTest ?? '?'}» y debía fallar en la prueba «${program.failingTest}»`);
          }
          for (const text of program.expects) if (!outcome.message.includes(text)) problems.push(`a su mensaje le falta «${text}»`);
        }
        return problems.length
          ? [{ kind: 'ejercicio', file: program.file, line: 1, message: `${problems.join('; ')}. Mensaje: ${firstLines(outcome.message)}` }]
          : [];
      },
    };
    jobs.push(job);
  }
  return jobs;
}

function where(outcome: SubmissionOutcome): string {
  return `${outcome.failedTest ? `falla «${outcome.failedTest}»: ` : ''}${firstLines(outcome.message)}`;
}

function firstLines(message: string): string {
  return message.split('\n').slice(0, 3).join(' / ') || '(sin mensaje)';
}

