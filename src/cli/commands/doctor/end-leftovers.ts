import { isInteractive } from '../../interactive.js';
import { EXIT } from '../../exit-codes.js';
import { symbols, theme } from '../../../ui/theme.js';
import { describeLeftover, endLeftovers, findLeftovers } from './leftovers.js';

/**
 * Ends the workshop's leftovers: at once with `--terminar-restos`; after doctor's report, only if
 * the user says yes at a terminal (elsewhere the report already names the command).
 */
export async function offerToEndLeftovers({ ask, json }: { ask: boolean; json?: boolean }): Promise<number> {
  const leftovers = await findLeftovers();
  if (ask) {
    if (!leftovers.length || !isInteractive()) return EXIT.ok;
    const { confirmYesNo } = await import('../../../ui/prompts.js');
    const many = leftovers.length > 1;
    if (!(await confirmYesNo(`¿Termino ${many ? 'esos procesos' : 'ese proceso'} del taller ahora?`))) return EXIT.ok;
  }
  const ended = endLeftovers(leftovers);
  if (json) {
    process.stdout.write(`${JSON.stringify({ ended: leftovers.map(({ pid, kind, ports }) => ({ pid, kind, ports })) }, null, 2)}\n`);
  } else if (!leftovers.length) {
    process.stdout.write('No quedó ningún proceso del taller de ejecuciones anteriores: nada que terminar.\n');
  } else {
    const list = leftovers.map((leftover) => `  ${theme.green(symbols.pass)} terminado: ${describeLeftover(leftover)}\n`).join('');
    process.stdout.write(`${list}${ended === 1 ? 'Terminé 1 proceso que quedaba' : `Terminé ${ended} procesos que quedaban`} del taller.\n`);
  }
  return EXIT.ok;
}
