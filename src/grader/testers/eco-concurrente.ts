import type { Harness } from '../harness.js';
import { closeAndExpectClose, expectBytes, sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { echoRoundTrip, echoTests } from './echo-tests.js';

const ONE_AT_A_TIME =
  'Tu servidor atiende a los clientes de uno en uno: mientras espera en recv() al primero, nadie llama a accept() ' +
  'para el segundo. Atiende a cada cliente en un hilo (threading.Thread) o vigila todos los sockets a la vez (selectors, asyncio).';

/**
 * Concurrency, without the hole CodeCrafters' tester had (a sequential server passing): the first
 * client connects and stays silent for the whole test, so a server that serves clients one after
 * another can never answer the second.
 */
const concurrencyTests: () => TestCase[] = () => [
  {
    name: 'atiende a otro cliente mientras uno está conectado y callado',
    timeoutMs: 10000,
    async run(h: Harness) {
      h.step('cliente A: me conecto y no envío nada');
      const silent = await h.connect();
      h.step('cliente B: me conecto mientras A sigue callado, envío un mensaje y espero el eco');
      const other = await h.connect();
      const text = Buffer.from(h.randomText('Soy B'));
      await sendBytes(h, other, text);
      await expectBytes(h, other, text, {
        what: 'el eco del cliente B',
        onTimeout: [ONE_AT_A_TIME],
        onEof: ["¿Llama tu servidor a recv() una sola vez? Repite recv() en un bucle hasta que devuelva b''."],
      });
      h.step('cliente B: cierro y espero que tu servidor cierre su conexión');
      await closeAndExpectClose(h, other);
      h.step('cliente A: por fin envío un mensaje y espero el eco');
      await echoRoundTrip(h, silent, Buffer.from(h.randomText('Soy A, el callado')), 'el mensaje de A');
      await closeAndExpectClose(h, silent);
    },
  },
  {
    name: 'atiende a tres clientes a la vez sin mezclar sus mensajes',
    timeoutMs: 10000,
    async run(h: Harness) {
      const names = ['A', 'B', 'C'];
      const peers: TcpPeer[] = [];
      for (const name of names) {
        h.step(`cliente ${name}: me conecto`);
        peers.push(await h.connect());
      }
      for (const round of [1, 2]) {
        // Everyone sends before anyone reads: the answers must not cross.
        const order = round === 1 ? [2, 0, 1] : [1, 2, 0];
        const texts = names.map((name) => Buffer.from(h.randomText(`Ronda ${round}, cliente ${name}`)));
        h.step(`ronda ${round}: los tres envían un mensaje (en orden ${order.map((i) => names[i]).join(', ')}) y cada uno espera su eco`);
        for (const i of order) await sendBytes(h, peers[i]!, texts[i]!);
        for (const i of order) {
          await expectBytes(h, peers[i]!, texts[i]!, { what: `el eco del cliente ${names[i]}`, onTimeout: [ONE_AT_A_TIME] });
        }
      }
      for (const [i, peer] of peers.entries()) {
        h.step(`cliente ${names[i]}: cierro`);
        await closeAndExpectClose(h, peer);
      }
    },
  },
];

/** eco-tcp, plus: while one client stays connected and silent, others are served. */
export const ecoConcurrente: TesterDefinition = {
  exerciseId: 'eco-concurrente',
  transport: 'tcp',
  role: 'server',
  defaultHost: '127.0.0.1',
  defaultPort: 65432,
  tests: () => echoTests(concurrencyTests()),
};

