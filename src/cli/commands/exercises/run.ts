import { loadExercises } from '../../../grader/exercise-content.js';
import { exerciseStatus, progressWarnings, readProgress } from '../../../progress/store.js';
import { symbols, theme } from '../../../ui/theme.js';
import { printWarnings } from '../../warnings.js';
import { cliCommand } from '../../invocation.js';
import { courseContent } from '../../config.js';

export interface ExercisesArgs {
  json?: boolean;
}

export async function listExercisesCommand(args: ExercisesArgs): Promise<number> {
  const exercises = await loadExercises(courseContent());
  const progress = readProgress();
  printWarnings(progressWarnings);
  const rows = exercises.map((exercise) => {
    const entry = progress.exercises[exercise.id];
    return {
      id: exercise.id,
      number: exercise.number,
      title: exercise.title,
      file: exercise.fileName,
      port: exercise.tester.defaultPort,
      protocol: exercise.tester.transport,
      status: exerciseStatus(progress, exercise.id),
      passed: Boolean(entry?.passed),
      attempts: entry?.attempts ?? 0,
      ...(entry?.passedAt ? { passedAt: entry.passedAt } : {}),
    };
  });
  if (args.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const lines = [theme.bold('Ejercicios del taller'), ''];
  for (const row of rows) {
    const mark = row.passed ? theme.green(symbols.pass) : row.attempts ? theme.yellow('…') : ' ';
    const state = row.passed ? 'superado' : row.attempts ? `${row.attempts} ${row.attempts === 1 ? 'intento' : 'intentos'}` : 'pendiente';
    lines.push(` ${mark} ${String(row.number).padStart(2)}. ${row.title} ${theme.gray(`(${row.id}, ${row.protocol.toUpperCase()} ${row.port}, ${state})`)}`);
  }
  lines.push('', theme.gray(`Empieza uno con: ${cliCommand()} ejercicio <id o número>`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
