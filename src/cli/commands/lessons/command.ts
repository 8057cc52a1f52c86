import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { examples } from '../examples.js';
import type { LessonsArgs } from './run.js';

export const lessonsCommand: CommandModule<object, LessonsArgs> = {
  command: ['lecciones', 'lessons'],
  describe: 'Lista las lecciones en orden, con su estado',
  builder: (yargs) =>
    yargs
      .option('json', { type: 'boolean', describe: 'Salida en JSON' })
      .example(examples([
        ['lecciones', 'muestra las lecciones'],
        ['lecciones --json', 'las mismas, en JSON'],
      ])),
  handler: (args) => runCommand(async () => (await import('./run.js')).listLessons(args)),
};
