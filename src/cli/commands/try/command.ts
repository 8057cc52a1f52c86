import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { examples } from '../examples.js';
import { exerciseAndFile } from '../exercise-file.js';
import type { TryArgs } from './run.js';

export const tryCommand: CommandModule<object, TryArgs> = {
  command: ['probar [id] [archivo]', 'try [id] [archivo]'],
  describe: 'Ejecuta tu programa contra el del otro lado (el de referencia), en un puerto libre, y muestra lo que imprimen los dos',
  builder: (yargs) =>
    exerciseAndFile(yargs)
      .example(examples([
        ['probar servidor-tcp', 'tu ./servidor-tcp.py con el cliente de referencia'],
        ['probar cliente-udp mi-cliente.py', 'otro archivo'],
      ])),
  handler: (args) => runCommand(async () => (await import('./run.js')).tryProgram(args)),
};
