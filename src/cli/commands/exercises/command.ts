import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { examples } from '../examples.js';
import type { ExercisesArgs } from './run.js';

export const exercisesCommand: CommandModule<object, ExercisesArgs> = {
  command: ['ejercicios', 'exercises'],
  describe: 'Lista los ejercicios con su estado',
  builder: (yargs) =>
    yargs
      .option('json', { type: 'boolean', describe: 'Salida en JSON' })
      .example(examples([
        ['ejercicios', 'muestra los ejercicios'],
        ['ejercicios --json', 'los mismos, en JSON'],
      ])),
  handler: (args) => runCommand(async () => (await import('./run.js')).listExercisesCommand(args)),
};
