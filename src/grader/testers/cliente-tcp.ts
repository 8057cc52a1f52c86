import { CLOSE_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import { expectPrintedLine } from '../output-checks.js';
import { expectBytes, sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TesterDefinition } from '../types.js';

const GREETING = Buffer.from('Hola desde el cliente!');

/** The document's TCP client: connect, send the greeting, print "cliente recibe: <answer>", close, exit 0. */
export const clienteTcp: TesterDefinition = {
  exerciseId: 'cliente-tcp',
  transport: 'tcp',
  role: 'client',
  defaultHost: '127.0.0.1',
  defaultPort: 65432,
  tests() {
    let peer: TcpPeer;
    let answer = '';
    return [
      {
        name: 'se conecta al servidor en HOST:PUERTO',
        timeoutMs: STARTUP_TEST_MS,
        async run(h: Harness) {
          h.step('arranco tu programa');
          await h.startProgram();
          h.step(`espero su conexión en ${h.endpoint}`);
          peer = await h.acceptClient();
        },
      },
      {
        name: 'envía “Hola desde el cliente!”',
        timeoutMs: 5000,
        async run(h: Harness) {
          h.step('espero el mensaje de tu cliente');
          await expectBytes(h, peer, GREETING, {
            what: 'el mensaje',
            who: 'Tu cliente',
            onTimeout: ['¿Llama tu cliente a s.sendall(mensaje.encode()) después de connect()?'],
          });
        },
      },
      {
        name: 'cierra la conexión después de recibir la respuesta',
        timeoutMs: 5000,
        async run(h: Harness) {
          answer = h.randomText('Hola desde el servidor');
          h.step(`respondo «${answer}» y espero que tu cliente cierre`);
          await sendBytes(h, peer, Buffer.from(answer), 'Tu cliente');
          const outcome = await peer.waitEof(CLOSE_MS, h.abort);
          if (outcome === 'timeout') {
            await h.fail([
              `Le respondí, pero tu cliente no cerró la conexión en ${CLOSE_MS / 1000} s.`,
              '¿Sigue esperando más datos con recv()? Este servidor no cierra primero: recibe una vez la respuesta y cierra el socket (o usa with).',
            ]);
          }
          h.release(peer);
        },
      },
      {
        name: 'imprime “cliente recibe: <respuesta>”',
        timeoutMs: 5000,
        async run(h: Harness) {
          h.step('espero que tu programa termine y miro lo que imprimió');
          await h.requireProgram().waitEnd(CLOSE_MS);
          await expectPrintedLine(h, `cliente recibe: ${answer}`, 'cliente recibe');
        },
      },
      {
        name: 'termina con código 0',
        timeoutMs: 5000,
        async run(h: Harness) {
          h.step('espero que tu programa termine');
          await h.expectCleanExit(CLOSE_MS, [`Tu programa sigue en marcha ${CLOSE_MS / 1000} s después de cerrar la conexión.`]);
        },
      },
    ];
  },
};
