import type { CheckResult } from './doctor-check.js';
import { describeLeftover, END_LEFTOVERS_COMMAND, findLeftovers } from './leftovers.js';

/** Processes of an earlier run of the workshop still alive (and the ports they hold). */
export async function checkLeftovers(): Promise<CheckResult> {
  const id = 'leftovers';
  const title = 'Restos de ejecuciones anteriores';
  if (process.platform !== 'linux') {
    return { id, title, status: 'unavailable', message: 'no disponible en este sistema (solo Linux deja ver los procesos sin privilegios)' };
  }
  const leftovers = await findLeftovers();
  const details = { leftovers: leftovers.map(({ pid, kind, ports, command }) => ({ pid, kind, ports, command })) };
  if (!leftovers.length) return { id, title, status: 'ok', message: 'ninguno: no quedó ningún proceso del taller', details };
  const count = leftovers.length === 1 ? 'quedó 1 proceso' : `quedaron ${leftovers.length} procesos`;
  return {
    id,
    title,
    status: 'warning',
    message: `${count} del taller de una ejecución que terminó mal: ${leftovers.map(describeLeftover).join(', ')}`,
    fix: `Son del taller y nadie los usa: termínalos con «${END_LEFTOVERS_COMMAND}».`,
    details,
  };
}
