import type { TesterDefinition } from '../types.js';

/**
 * Each tester's module, by id, loaded on demand: the grading worker grades one exercise and needs
 * one tester of eighteen, not the other seventeen compiled at each of its starts. The same
 * definitions as TESTERS (index.ts); a unit test keeps the two lists equal.
 */
export const TESTER_MODULES: Record<string, () => Promise<TesterDefinition>> = {
  'chat': async () => (await import('./chat.js')).chat,
  'chat-udp': async () => (await import('./chat-udp.js')).chatUdp,
  'cliente-hasta-el-cierre': async () => (await import('./cliente-hasta-el-cierre.js')).clienteHastaElCierre,
  'cliente-robusto': async () => (await import('./cliente-robusto.js')).clienteRobusto,
  'cliente-tcp': async () => (await import('./cliente-tcp.js')).clienteTcp,
  'cliente-udp': async () => (await import('./cliente-udp.js')).clienteUdp,
  'doble-pila': async () => (await import('./doble-pila.js')).doblePila,
  'eco-concurrente': async () => (await import('./eco-concurrente.js')).ecoConcurrente,
  'eco-selectors': async () => (await import('./eco-selectors.js')).ecoSelectors,
  'eco-tcp': async () => (await import('./eco-tcp.js')).ecoTcp,
  'mensajes-con-longitud': async () => (await import('./mensajes-con-longitud.js')).mensajesConLongitud,
  'mini-http': async () => (await import('./mini-http.js')).miniHttp,
  'ping-udp-fiable': async () => (await import('./ping-udp-fiable.js')).pingUdpFiable,
  'protocolo-de-lineas': async () => (await import('./protocolo-de-lineas.js')).protocoloDeLineas,
  'servidor-de-hora': async () => (await import('./servidor-de-hora.js')).servidorDeHora,
  'servidor-tcp': async () => (await import('./servidor-tcp.js')).servidorTcp,
  'servidor-udp': async () => (await import('./servidor-udp.js')).servidorUdp,
  'subir-y-cerrar': async () => (await import('./subir-y-cerrar.js')).subirYCerrar,
};

/** The tester of `id`, loading only its module; undefined for an id with no tester. */
export function loadTester(id: string): Promise<TesterDefinition | undefined> {
  return Object.hasOwn(TESTER_MODULES, id) ? TESTER_MODULES[id]!() : Promise.resolve(undefined);
}
