import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { UserError } from '../../../errors.js';
import { closest } from '../../../text/closest.js';

/** Names of every command and alias, for "¿quisiste decir...?" on a mistyped command. */
let knownCommands: string[] = [];
export function setKnownCommands(modules: CommandModule<unknown, unknown>[]): void {
  knownCommands = modules.flatMap((module) => [module.command ?? [], module.aliases ?? []].flat())
    .map((spec) => String(spec).split(' ')[0]!)
    .filter((name) => name !== '$0');
}

export const homeCommand: CommandModule = {
  command: '$0',
  describe: false,
  handler: (args) => runCommand(async () => {
    const [word] = args._;
    if (word !== undefined) {
      const near = closest(String(word), knownCommands);
      throw new UserError(
        `Comando desconocido: «${String(word)}».` +
          (near.length ? ` ¿Quisiste decir ${near.map((name) => `«${name}»`).join(' o ')}?` : '') +
          ' Mira la lista con: taller-sockets --help',
      );
    }
    return (await import('./run.js')).showHome();
  }),
};
