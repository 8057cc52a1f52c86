import type { Harness } from './harness.js';
import { ACCEPT_LOOP } from './readiness-waits.js';

/**
 * The system can complete the handshake of the next client while a server without its accept()
 * loop is on its way out (its listening socket still open a moment): that connection then dies
 * with a FIN or an RST, and the cause is not the connection but the server that ended after one
 * client. Fails naming it when that is what happened (the program ended cleanly after we had
 * connected more than once); returns otherwise, for the caller to name what it saw.
 */
export async function failIfServedOneAndEnded(h: Harness, saw: string): Promise<void> {
  if (h.acceptedConnections < 2) return;
  const end = await h.requireProgram().waitEnd(1000);
  if (end?.code !== 0) return;
  await h.fail([`${saw}: atendió a un cliente y terminó.`, ACCEPT_LOOP]);
}
