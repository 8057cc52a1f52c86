import type { CommandModule } from 'yargs';
import { runCommand } from '../run-command.js';

interface Args {
  json?: boolean;
}

export const progressCommand: CommandModule<object, Args> = {
  command: ['progreso', 'progress'],
  describe: 'Muestra lo que llevas hecho y lo que sigue',
  builder: (yargs) =>
    yargs
      .option('json', { type: 'boolean', describe: 'Salida en JSON' })
      .example('$0 progreso', 'lecciones y ejercicios, con su estado')
      .example('$0 progreso --json', 'lo mismo, en JSON'),
  handler: (args) => runCommand(async () => (await import('../progress/show-progress.js')).showProgress(args)),
};
