import { bindError } from '../../../net/free-port.js';
import type { CheckResult } from './doctor-check.js';
import { portUse, type PortUse } from './port-owner.js';
import { END_LEFTOVERS_COMMAND, findLeftovers } from './leftovers.js';

/** The fixed ports the document's examples use. */
export const DOCUMENT_PORTS = [
  { port: 65432, protocol: 'tcp' },
  { port: 9999, protocol: 'udp' },
] as const;

const BUSY_FIX = 'Cierra ese programa si es un ejemplo tuyo que quedó abierto; si no, no pasa nada: las lecciones usarán otro puerto libre y te avisarán.';

/** Is a document port free? On Linux, from the OS's tables (without binding it, so nothing is disturbed). */
export async function checkDocumentPort(protocol: 'tcp' | 'udp', port: number): Promise<CheckResult> {
  const id = `port-${port}-${protocol}`;
  const title = `Puerto ${port}/${protocol}`;
  const use = await portUse(protocol, port);
  if (!use.available) return bindProbe(id, title, protocol, port, use.reason);
  const details = portDetails(use);
  if (use.sockets.length === 0) {
    if (use.timeWait > 0) {
      return {
        id,
        title,
        status: 'warning',
        message: `libre, pero con ${use.timeWait} conexión(es) recientes en TIME_WAIT`,
        fix: 'Durante un minuto, un servidor que no use SO_REUSEADDR fallará en bind() con «Address already in use». Espera o usa otro puerto.',
        details,
      };
    }
    return { id, title, status: 'ok', message: 'libre', details };
  }
  const where = use.sockets.map((socket) => `${socket.address} ${socket.state}`).join(', ');
  const leftovers = new Set((await findLeftovers()).map((leftover) => leftover.pid));
  const who = use.owners.length
    ? use.owners.map((owner) => `pid ${owner.pid} (${leftovers.has(owner.pid) ? `un resto del taller: ${owner.command}` : owner.command})`).join(', ')
    : 'un proceso que no puedo ver (de otro usuario: hace falta ser administrador para saber cuál)';
  const fix = use.owners.some((owner) => leftovers.has(owner.pid))
    ? `Ese proceso quedó de una ejecución anterior del taller: termínalo con «${END_LEFTOVERS_COMMAND}».`
    : BUSY_FIX;
  return { id, title, status: 'warning', message: `ocupado por ${who}: ${where}`, fix, details: { ...details, leftovers: [...leftovers].filter((pid) => use.owners.some((owner) => owner.pid === pid)) } };
}

function portDetails(use: Extract<PortUse, { available: true }>): Record<string, unknown> {
  return {
    free: use.sockets.length === 0,
    sockets: use.sockets.map(({ address, state }) => ({ address, state })),
    owners: use.owners,
    ownersHidden: use.sockets.length > 0 && use.ownersHidden,
    timeWait: use.timeWait,
  };
}

/** Elsewhere, the only way to know: try to bind it for an instant. Who holds it is not available. */
async function bindProbe(id: string, title: string, protocol: 'tcp' | 'udp', port: number, reason: string): Promise<CheckResult> {
  const error = await bindError(protocol, '127.0.0.1', port);
  if (!error) return { id, title, status: 'ok', message: 'libre', details: { free: true, owners: 'no disponible' } };
  return {
    id,
    title,
    status: 'warning',
    message: `ocupado (${error}); quién lo usa: ${reason}`,
    fix: BUSY_FIX,
    details: { free: false, owners: 'no disponible' },
  };
}
