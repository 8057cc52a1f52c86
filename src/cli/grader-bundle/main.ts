import { dirname, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TESTERS } from '../../grader/testers/index.js';
import { gradeProgram } from '../../grader/run-tester.js';
import { UserError } from '../../errors.js';
import { gradedAs, gradeOn, type TestPoints } from '../../teacher/points.js';
import { vplReport } from '../../teacher/report/vpl-report.js';
import { readExportedExercise } from '../../teacher/bundle/exported-exercise.js';
import { freePortsFrom } from '../config.js';

/**
 * The grader that travels (`taller-calificador.mjs`): one file that needs Node ≥ 20 and Python
 * ≥ 3.8, with the exercises exported next to it. It grades one program the way `verificar` does
 * and prints VPL's format, JSON, or text; no Markdown, highlighter or prompts are in it.
 *
 *   node taller-calificador.mjs <ejercicio> <programa.py> [--formato vpl|json|texto] [--nota-maxima N] [--prueba N]
 *
 * Exit code 0 when it passes; with `--prueba N` (GitHub Classroom grades one step per test), 0
 * when test N (from 1) passed.
 */
const USAGE = 'Uso: node taller-calificador.mjs <ejercicio> <programa.py> [--formato vpl|json|texto] [--nota-maxima N] [--prueba N]';

async function main(argv: string[]): Promise<number> {
  const positional: string[] = [];
  let format = 'texto';
  let scale = 10;
  let only: number | undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--formato') format = argv[++index] ?? '';
    else if (arg === '--nota-maxima') scale = Number(argv[++index]);
    else if (arg === '--prueba') only = Number(argv[++index]);
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else positional.push(arg);
  }
  if (positional.length !== 2 || !['vpl', 'json', 'texto'].includes(format) || !(scale > 0)) throw new UserError(USAGE);
  if (only !== undefined && !(Number.isInteger(only) && only >= 1)) throw new UserError(`--prueba: el número de una prueba, desde 1. ${USAGE}`);
  const [id, program] = positional as [string, string];
  const exercise = readExportedExercise(dirname(fileURLToPath(import.meta.url)), id);
  const tester = TESTERS[exercise.pruebas];
  if (!tester) throw new UserError(`Este calificador no trae las pruebas «${exercise.pruebas}»: vuelve a exportarlo con la misma versión del taller.`);
  const names = tester.tests().map((test) => test.name);
  if (only !== undefined && only > names.length) throw new UserError(`--prueba ${only}: el ejercicio tiene ${names.length} pruebas.`);
  const table: TestPoints[] = names.map((name, index) => ({ name, points: exercise.puntos[index] ?? 1 }));
  const file = resolve(program);
  if (!existsSync(file)) {
    if (format === 'vpl') process.stdout.write(`Comment :=>>No encuentro ${program}: el archivo debe llamarse así.\nGrade :=>> 0\n`);
    else process.stderr.write(`No encuentro ${program}.\n`);
    return 1;
  }
  // As verificar: always a free port instead of the document's when asked (several gradings on one machine).
  const freePorts = freePortsFrom(process.env);
  const result = await gradeProgram(tester, file, { port: freePorts ? 'libre' : undefined });
  const { points, maxPoints, grade } = gradeOn(scale, table, (_name, index) => gradedAs(result.tests[index]));
  if (format === 'vpl') process.stdout.write(vplReport(result, table, scale));
  else if (format === 'json') {
    const tests = result.tests.map((test, index) => ({ name: test.name, status: test.status, message: test.message, points: table[index]?.points ?? 0 }));
    process.stdout.write(`${JSON.stringify({ exercise: id, status: result.status, grade, scale, points, maxPoints, tests }, null, 2)}\n`);
  } else {
    for (const test of result.tests) {
      process.stdout.write(`${test.status === 'pass' ? '✓' : test.status === 'skip' ? '·' : '✗'} ${test.name}\n`);
      if (test.message && test.status !== 'pass') process.stdout.write(`${test.message.replace(/^/gm, '    ')}\n`);
    }
    process.stdout.write(`${result.message}\nNota: ${grade} de ${scale} (${points} de ${maxPoints} puntos).\n`);
  }
  // Classroom: a test that could not run here is not the student's fault.
  if (only !== undefined) return gradedAs(result.tests[only - 1]) === 'failed' ? 1 : 0;
  return result.status === 'pass' ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof UserError ? 'Error' : 'Error interno del calificador'}: ${(error as Error).message}\n`);
    process.exitCode = error instanceof UserError ? 2 : 70;
  },
);
