import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GradeArgs } from '../commands/grade.js';
import { findExercise, loadExercises } from '../../grader/exercise-content.js';
import { gradeClass, type ClassEvent } from '../../teacher/grade-class.js';
import { FORMAT_ALIASES, renderReport, type ReportFormat } from '../../teacher/report/formats.js';
import type { IsolationRequest } from '../../teacher/isolation.js';
import { describeIsolation } from '../../teacher/isolation.js';
import { UserError } from '../../errors.js';
import { EXIT } from '../exit-codes.js';
import { theme } from '../../ui/theme.js';
import { GradeProgress } from './grade-progress.js';

export async function gradeCommandMain(args: GradeArgs): Promise<number> {
  const exercise = findExercise(loadExercises(), args.ejercicio);
  const format = (FORMAT_ALIASES[args.formato ?? ''] ?? args.formato ?? 'tabla') as ReportFormat;
  const output = args.salida ? resolve(process.cwd(), args.salida) : undefined;
  const progress = new GradeProgress(process.stderr);
  const marker = process.env.TALLER_SOCKETS_LEAK_MARKER;
  const report = await gradeClass(resolve(process.cwd(), args.carpeta), exercise.id, exercise.fileName, exercise.tester, {
    parallel: args.paralelo,
    timeLimitMs: args['tiempo-maximo'] === undefined ? undefined : args['tiempo-maximo'] * 1000,
    memoryMb: args.memoria,
    isolation: (args.aislamiento ?? 'auto') as IsolationRequest,
    // Submissions get a clean environment; only the tests' leak marker is passed on, by name.
    passEnv: marker ? { TALLER_SOCKETS_LEAK_MARKER: marker } : undefined,
    onEvent: (event: ClassEvent) => progress.onEvent(event),
  });
  progress.finish();
  if (report.isolation.kind === 'ports') {
    process.stderr.write(`${theme.yellow('Aviso:')} aislamiento ${describeIsolation(report.isolation)}.\n`);
  }
  const text = renderReport(report, format, { toFile: Boolean(output), width: process.stdout.columns || 100 });
  if (output) {
    try {
      writeFileSync(output, text);
    } catch (error) {
      throw new UserError(`No puedo escribir el informe en ${args.salida}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, EXIT.failed);
    }
    process.stderr.write(`Informe (${format}) escrito en ${args.salida}.\n`);
  } else {
    process.stdout.write(text);
  }
  return EXIT.ok;
}
