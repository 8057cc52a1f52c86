import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { examples } from '../examples.js';
import type { DoctorArgs } from './run.js';

export const doctorCommand: CommandModule<object, DoctorArgs> = {
  command: ['doctor'],
  describe: 'Comprueba tu equipo: Python, sockets en loopback, puertos, terminal',
  builder: (yargs) =>
    yargs
      .option('json', { type: 'boolean', describe: 'Salida en JSON' })
      .option('terminar-restos', { type: 'boolean', describe: 'Termina los procesos del taller que quedaron de una ejecución anterior' })
      .example(examples([
        ['doctor', 'cada comprobación, y cómo arreglar lo que falle'],
        ['doctor --json', 'lo mismo, en JSON'],
        ['doctor --terminar-restos', 'termina lo que quedó de una lección o verificación interrumpida'],
      ])),
  handler: (args) => runCommand(async () => (await import('./run.js')).runDoctor(args)),
};
