import type { TesterDefinition } from '../types.js';
import { clienteTcp } from './cliente-tcp.js';
import { clienteUdp } from './cliente-udp.js';
import { ecoConcurrente } from './eco-concurrente.js';
import { ecoTcp } from './eco-tcp.js';
import { servidorTcp } from './servidor-tcp.js';
import { servidorUdp } from './servidor-udp.js';

/** Every exercise's tester, by exercise id. */
export const TESTERS: Record<string, TesterDefinition> = Object.fromEntries(
  [servidorTcp, clienteTcp, clienteUdp, servidorUdp, ecoTcp, ecoConcurrente].map((tester) => [tester.exerciseId, tester]),
);
