import type { CommandModule } from 'yargs';
import { runCommand } from '../run-command.js';
import { examples } from './examples.js';

interface Args {
  json?: boolean;
}

export const doctorCommand: CommandModule<object, Args> = {
  command: ['doctor'],
  describe: 'Comprueba tu equipo: Python, sockets en loopback, puertos, terminal',
  builder: (yargs) =>
    yargs
      .option('json', { type: 'boolean', describe: 'Salida en JSON' })
      .example(examples([
        ['doctor', 'cada comprobación, y cómo arreglar lo que falle'],
        ['doctor --json', 'lo mismo, en JSON'],
      ])),
  handler: (args) => runCommand(async () => (await import('../doctor/run-doctor.js')).runDoctor(args)),
};
