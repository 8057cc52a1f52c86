import { resolve } from 'node:path';
import { findExercise, loadExercises } from '../../../grader/exercise-content.js';
import { gradeClass, DEFAULT_SCALE, type ClassEvent } from '../../../teacher/grade-class.js';
import { FORMAT_ALIASES, renderReport, type ReportFormat } from '../../../teacher/report/formats.js';
import type { IsolationRequest } from '../../../teacher/isolation.js';
import { describeIsolation } from '../../../teacher/isolation.js';
import { exercisePoints } from '../../../teacher/exercise-points.js';
import { openClassFolder } from '../../../teacher/class-archive.js';
import { UserError } from '../../../errors.js';
import { EXIT } from '../../exit-codes.js';
import { theme } from '../../../ui/theme.js';
import { GradeProgress } from './grade-progress.js';
import { ReportFile } from './report-file.js';
import { courseContent } from '../../config.js';

export interface GradeArgs {
  carpeta: string;
  ejercicio: string;
  paralelo?: number;
  formato?: string;
  salida?: string;
  'tiempo-maximo'?: number;
  memoria?: number;
  aislamiento?: string;
  'nota-maxima'?: number;
  'columna-id'?: string;
}

const STOPPING_SIGNALS = { SIGINT: ['Ctrl-C', EXIT.interrupted], SIGTERM: ['SIGTERM', EXIT.terminated], SIGHUP: ['SIGHUP: se cerró la terminal', 129] } as const;

export async function gradeCommandMain(args: GradeArgs): Promise<number> {
  const exercise = findExercise(await loadExercises(courseContent()), args.ejercicio);
  const points = exercisePoints(exercise);
  const scale = args['nota-maxima'] ?? DEFAULT_SCALE;
  const format = (FORMAT_ALIASES[args.formato ?? ''] ?? args.formato ?? 'tabla') as ReportFormat;
  const output = args.salida ? resolve(process.cwd(), args.salida) : undefined;
  const renderOptions = { toFile: Boolean(output), width: process.stdout.columns || 100, idColumn: args['columna-id'] };
  const progress = new GradeProgress(process.stderr);
  const marker = process.env.TALLER_SOCKETS_LEAK_MARKER;
  const klass = openClassFolder(resolve(process.cwd(), args.carpeta));
  const file = output ? new ReportFile(output, format, renderOptions, { exercise: exercise.id, folder: klass.folder, scale }) : undefined;
  // Ctrl-C, SIGTERM, SIGHUP: stop grading, keep what was graded (the default handlers would exit at once).
  const stop = new AbortController();
  let writeError: string | undefined;
  const writeFile = (event: ClassEvent): void => {
    try {
      file?.onEvent(event);
    } catch (error) {
      writeError ??= (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      stop.abort(`no puedo escribir el informe: ${writeError}`);
    }
  };
  let exitCode: number = EXIT.ok;
  const saved = Object.keys(STOPPING_SIGNALS).map((name) => [name, process.rawListeners(name)] as const);
  const handlers = Object.entries(STOPPING_SIGNALS).map(([name, [why, code]]) => {
    const handler = (): void => {
      if (stop.signal.aborted) process.exit(code); // a second time: leave now (the exit hooks clean up)
      exitCode = code;
      process.stderr.write(`\nInterrumpido (${why}): guardo lo calificado hasta ahora.\n`);
      stop.abort(why);
    };
    process.removeAllListeners(name);
    process.on(name, handler);
    return [name, handler] as const;
  });
  let report;
  try {
    report = await gradeClass(klass.folder, exercise.id, exercise.fileName, exercise.tester, {
      parallel: args.paralelo,
      timeLimitMs: args['tiempo-maximo'] === undefined ? undefined : args['tiempo-maximo'] * 1000,
      memoryMb: args.memoria,
      isolation: (args.aislamiento ?? 'auto') as IsolationRequest,
      // Submissions get a clean environment; only the tests' leak marker is passed on, by name.
      passEnv: marker ? { TALLER_SOCKETS_LEAK_MARKER: marker } : undefined,
      points,
      scale,
      signal: stop.signal,
      // The file first: once a progress line says a submission is done, it is in the report.
      onEvent: (event: ClassEvent) => {
        writeFile(event);
        progress.onEvent(event);
      },
    });
  } finally {
    for (const [name, handler] of handlers) process.removeListener(name, handler);
    for (const [name, listeners] of saved) for (const listener of listeners) process.on(name, listener as () => void);
    klass.close();
  }
  progress.finish();
  if (writeError) throw new UserError(`No puedo escribir el informe en ${args.salida}: ${writeError}.`, EXIT.failed);
  if (report.isolation.kind === 'ports' || !report.isolation.sandbox) {
    process.stderr.write(`${theme.yellow('Aviso:')} aislamiento ${describeIsolation(report.isolation)}.\n`);
  }
  if (file) {
    try {
      file.write(report);
    } catch (error) {
      throw new UserError(`No puedo escribir el informe en ${args.salida}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, EXIT.failed);
    }
    process.stderr.write(`Informe (${format}${report.interrupted ? ', parcial' : ''}) escrito en ${args.salida}.\n`);
  } else {
    process.stdout.write(renderReport(report, format, renderOptions));
  }
  return exitCode;
}
