import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { examples } from '../examples.js';
import type { ResetArgs } from './run.js';

export const resetCommand: CommandModule<object, ResetArgs> = {
  command: ['reiniciar [id]', 'reset [id]'],
  describe: 'Borra tu avance en una lección o ejercicio, o todo (pregunta antes)',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', describe: 'Id de la lección o del ejercicio (sin id: todo)' })
      .option('si', { alias: ['yes', 'y'], type: 'boolean', describe: 'No preguntes: obligatorio sin terminal interactiva' })
      .example(examples([
        ['reiniciar crear-un-socket', 'vuelve a empezar esa lección'],
        ['reiniciar', 'borra todo tu progreso (pide confirmación)'],
        ['reiniciar --si', 'lo mismo, sin preguntar'],
      ])),
  handler: (args) => runCommand(async () => (await import('./run.js')).resetProgress(args)),
};
