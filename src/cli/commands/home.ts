import type { CommandModule } from 'yargs';
import { runCommand } from '../run-command.js';

export const homeCommand: CommandModule = {
  command: '$0',
  describe: false,
  handler: () => runCommand(async () => (await import('../home/show-home.js')).showHome()),
};
