import { readFileSync } from 'node:fs';
import { findExercise, loadExercises } from '../../../grader/exercise-content.js';
import { progressWarnings, readProgress } from '../../../progress/store.js';
import { theme, rule } from '../../../ui/theme.js';
import { UserError } from '../../../errors.js';
import { isInteractive } from '../../interactive.js';
import { printWarnings } from '../../warnings.js';
import { cliCommand } from '../../invocation.js';
import { courseContent } from '../../config.js';

export interface SolutionArgs {
  id: string;
  si?: boolean;
}

/** The reference solution: at once after a pass; before, only when the learner confirms. */
export async function showSolution(args: SolutionArgs): Promise<number> {
  const exercise = findExercise(await loadExercises(courseContent()), args.id);
  const passed = Boolean(readProgress().exercises[exercise.id]?.passed);
  printWarnings(progressWarnings);
  if (!passed && !args.si) {
    if (!isInteractive()) {
      throw new UserError(
        `Aún no has superado «${exercise.id}». Inténtalo con las pistas (${cliCommand()} pista ${exercise.id}); ` +
          `si aun así quieres ver la solución, confírmalo: ${cliCommand()} solucion ${exercise.id} --si`,
      );
    }
    const { confirmYesNo, PromptCancelled } = await import('../../../ui/prompts.js');
    let sure: boolean;
    try {
      sure = await confirmYesNo(`Aún no has superado «${exercise.id}». ¿Quieres ver la solución igualmente?`);
    } catch (error) {
      if (error instanceof PromptCancelled) sure = false;
      else throw error;
    }
    if (!sure) {
      process.stdout.write(`Bien pensado. Una pista quizá baste: ${cliCommand()} pista ${exercise.id}\n`);
      return 0;
    }
  }
  const code = readFileSync(exercise.solutionFile, 'utf8');
  process.stdout.write(`${rule(`Solución de referencia: ${exercise.title}`)}\n${code.replace(/\n?$/, '\n')}${rule()}\n`);
  if (passed) process.stdout.write(theme.gray('Compárala con la tuya: hay más de una forma correcta.\n'));
  return 0;
}
