import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { examples } from '../examples.js';
import type { SolutionArgs } from './run.js';

export const solutionCommand: CommandModule<object, Omit<SolutionArgs, 'id'> & { id?: string }> = {
  command: ['solucion [id]', 'solution [id]'],
  describe: 'Muestra la solución de referencia (sin preguntar, una vez superado el ejercicio)',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', describe: 'Id o número del ejercicio (sin él, el que tienes en curso)' })
      .option('si', { alias: 'yes', type: 'boolean', describe: 'Muéstrala aunque aún no lo hayas superado, sin preguntar' })
      .example(examples([['solucion servidor-tcp', 'la solución, si ya lo superaste (si no, pregunta)']])),
  handler: (args) => runCommand(async () => {
    const id = args.id ?? (await (await import('../../course/current-exercise.js')).currentExerciseId('solucion'));
    return (await import('./run.js')).showSolution({ ...args, id });
  }),
};
