import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { UserError } from '../../../errors.js';
import { closest } from '../../../text/closest.js';
import type { CommandSummary } from '../../command-catalog.js';

/**
 * `taller-sockets` alone: the home screen. It is handed the other commands as data (their names
 * for "¿quisiste decir...?", their descriptions for the menu's help), since it cannot import the
 * list it belongs to.
 */
export function homeCommand(catalog: CommandSummary[]): CommandModule {
  return {
    command: '$0',
    describe: false,
    handler: (args) => runCommand(async () => {
      const [word] = args._;
      if (word !== undefined) {
        const near = closest(String(word), catalog.flatMap((command) => command.names));
        throw new UserError(
          `Comando desconocido: «${String(word)}».` +
            (near.length ? ` ¿Quisiste decir ${near.map((name) => `«${name}»`).join(' o ')}?` : '') +
            ' Mira la lista con: taller-sockets --help',
        );
      }
      return (await import('./run.js')).showHome(catalog);
    }),
  };
}
