import type { TesterDefinition } from '../types.js';
import { chat } from './chat.js';
import { chatUdp } from './chat-udp.js';
import { clienteHastaElCierre } from './cliente-hasta-el-cierre.js';
import { clienteRobusto } from './cliente-robusto.js';
import { clienteTcp } from './cliente-tcp.js';
import { clienteUdp } from './cliente-udp.js';
import { ecoConcurrente } from './eco-concurrente.js';
import { doblePila } from './doble-pila.js';
import { ecoSelectors } from './eco-selectors.js';
import { ecoTcp } from './eco-tcp.js';
import { mensajesConLongitud } from './mensajes-con-longitud.js';
import { miniHttp } from './mini-http.js';
import { pingUdpFiable } from './ping-udp-fiable.js';
import { protocoloDeLineas } from './protocolo-de-lineas.js';
import { subirYCerrar } from './subir-y-cerrar.js';
import { servidorDeHora } from './servidor-de-hora.js';
import { servidorTcp } from './servidor-tcp.js';
import { servidorUdp } from './servidor-udp.js';

/**
 * Every tester, by id: an exercise names its own in ejercicio.yaml (`pruebas:`), so a new
 * exercise that tests like an existing one needs only its folder.
 */
export const TESTERS: Record<string, TesterDefinition> = Object.fromEntries(
  [servidorTcp, clienteTcp, clienteUdp, servidorUdp, ecoTcp, ecoConcurrente, clienteHastaElCierre, protocoloDeLineas, mensajesConLongitud, chat, ecoSelectors, servidorDeHora, clienteRobusto, subirYCerrar, miniHttp, pingUdpFiable, doblePila, chatUdp].map((tester) => [tester.exerciseId, tester]),
);
