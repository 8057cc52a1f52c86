import { findExercise, loadExercises, type Exercise } from '../../../grader/exercise-content.js';
import { progressWarnings, readProgress, recordHintsShown } from '../../../progress/store.js';
import { renderMarkdown } from '../../../ui/markdown.js';
import { theme } from '../../../ui/theme.js';
import { printWarnings } from '../../warnings.js';
import { courseContent } from '../../config.js';

export interface HintArgs {
  id: string;
  todas?: boolean;
}

/** The hint of the test that failed in the last verification, as a block (empty when it has none). */
async function failedTestHint(exercise: Exercise): Promise<string> {
  const failed = readProgress().exercises[exercise.id]?.lastFailedTest;
  const test = failed ? exercise.tester.tests().find((candidate) => candidate.name === failed) : undefined;
  if (!test?.hint) return '';
  return `${theme.bold(`Para la prueba que falló la última vez («${test.name}»)`)}\n${await renderMarkdown(test.hint)}\n`;
}

/**
 * First the hint of the test that failed last (when it has one), then the exercise's general
 * hints: one at a time (the next one each call), or all of them numbered.
 */
export async function showHint(args: HintArgs): Promise<number> {
  const exercise = findExercise(await loadExercises(courseContent()), args.id);
  const total = exercise.hints.length;
  const header = (n: number): string => theme.bold(`Pista ${n} de ${total} — ${exercise.title}`);
  process.stdout.write(await failedTestHint(exercise));
  if (args.todas) {
    const blocks = await Promise.all(exercise.hints.map(async (hint, i) => `${header(i + 1)}\n${await renderMarkdown(hint)}`));
    process.stdout.write(`${blocks.join('\n\n')}\n`);
    recordHintsShown(exercise.id, total);
    return 0;
  }
  const seen = readProgress().exercises[exercise.id]?.hintsShown ?? 0;
  printWarnings(progressWarnings);
  const next = Math.min(seen + 1, total);
  process.stdout.write(`${header(next)}\n${await renderMarkdown(exercise.hints[next - 1]!)}\n`);
  if (next < total) {
    process.stdout.write(theme.gray(`\nLa siguiente, cuando la necesites: taller-sockets pista ${exercise.id}\n`));
  } else if (seen >= total) {
    process.stdout.write(theme.gray(`\nYa has visto todas las pistas (todas juntas: taller-sockets pista ${exercise.id} --todas).\n`));
  } else {
    process.stdout.write(theme.gray(`\nEra la última. Si sigues atascado: taller-sockets solucion ${exercise.id}\n`));
  }
  recordHintsShown(exercise.id, next);
  return 0;
}
