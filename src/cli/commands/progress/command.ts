import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { examples } from '../examples.js';
import type { ProgressArgs } from './run.js';

export const progressCommand: CommandModule<object, ProgressArgs> = {
  command: ['progreso', 'progress'],
  describe: 'Muestra lo que llevas hecho y lo que sigue',
  builder: (yargs) =>
    yargs
      .option('json', { type: 'boolean', describe: 'Salida en JSON' })
      .example(examples([
        ['progreso', 'lecciones y ejercicios, con su estado'],
        ['progreso --json', 'lo mismo, en JSON'],
      ])),
  handler: (args) => runCommand(async () => (await import('./run.js')).showProgress(args)),
};
