import type { CommandModule } from 'yargs';
import { runCommand } from '../run-command.js';

interface Args {
  json?: boolean;
}

export const lessonsCommand: CommandModule<object, Args> = {
  command: ['lecciones', 'lessons'],
  describe: 'Lista las lecciones en orden, con su estado',
  builder: (yargs) =>
    yargs
      .option('json', { type: 'boolean', describe: 'Salida en JSON' })
      .example('$0 lecciones', 'muestra las lecciones')
      .example('$0 lecciones --json', 'las mismas, en JSON'),
  handler: (args) => runCommand(async () => (await import('../lessons/list-lessons.js')).listLessons(args)),
};
