import type { CommandModule } from 'yargs';
import { runCommand } from '../run-command.js';

export interface HintArgs {
  id: string;
  todas?: boolean;
}

export const hintCommand: CommandModule<object, HintArgs> = {
  command: ['pista <id>', 'hint <id>'],
  describe: 'Muestra la siguiente pista de un ejercicio (una cada vez)',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', describe: 'Id o número del ejercicio', demandOption: true })
      .option('todas', { alias: 'all', type: 'boolean', describe: 'Muestra todas las pistas, numeradas' })
      .example('$0 pista servidor-tcp', 'la siguiente pista')
      .example('$0 pista servidor-tcp --todas', 'todas las pistas'),
  handler: (args) => runCommand(async () => (await import('../exercises/hint-command.js')).showHint(args)),
};
