import { byteCount, shortBytes } from '../bytes-view.js';
import { CLOSE_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import { expectPrintedLine } from '../output-checks.js';
import { expectBytes, sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TesterDefinition } from '../types.js';
import { environmentTests } from './environment-tests.js';

const GREETING = Buffer.from('Hola desde el cliente!');
const STAYS_RUNNING = [`Tu programa sigue en marcha ${CLOSE_MS / 1000} s después de cerrar la conexión.`];

async function expectGreeting(h: Harness, peer: TcpPeer): Promise<void> {
  await expectBytes(h, peer, GREETING, {
    what: 'el mensaje',
    who: 'Tu cliente',
    onTimeout: ['¿Llama tu cliente a s.sendall(mensaje.encode()) después de connect()?'],
  });
}

/**
 * Answers, then waits for the client to close; anything it sends after the greeting (a second
 * message, the greeting again) fails, saying what arrived and when.
 */
async function answerAndExpectClose(h: Harness, peer: TcpPeer, answer: string): Promise<void> {
  const early = peer.take();
  if (early.length) {
    await h.fail([`Tu cliente envió el mensaje y, antes de recibir la respuesta, ${byteCount(early.length)} más: ${shortBytes(early)}.`, 'El enunciado pide enviar el mensaje una sola vez, y nada más.']);
  }
  await sendBytes(h, peer, Buffer.from(answer), 'Tu cliente');
  const outcome = await peer.waitEof(CLOSE_MS, h.abort);
  const late = peer.take();
  if (late.length) {
    await h.fail([`Después de recibir la respuesta, tu cliente envió además ${byteCount(late.length)}: ${shortBytes(late)}.`, 'El enunciado pide enviar el mensaje una sola vez, y nada más.']);
  }
  if (outcome === 'timeout') {
    await h.fail([
      `Le respondí, pero tu cliente no cerró la conexión en ${CLOSE_MS / 1000} s.`,
      '¿Sigue esperando más datos con recv()? Este servidor no cierra primero: recibe una vez la respuesta y cierra el socket (o usa with).',
    ]);
  }
  h.release(peer);
}

/** One whole run of the client: it connects, greets, gets an answer, closes and exits 0. */
async function wholeSession(h: Harness): Promise<void> {
  const peer = await h.acceptClient();
  await expectGreeting(h, peer);
  await answerAndExpectClose(h, peer, h.randomText('Hola desde el servidor'));
  await h.expectCleanExit(CLOSE_MS, STAYS_RUNNING);
}

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
        rule: 'Conectarse por TCP a HOST:PUERTO',
        hint: 'La dirección va en una tupla: s.connect((HOST, PORT)), con HOST y PORT leídos de las variables de entorno.',
        timeoutMs: STARTUP_TEST_MS,
        async run(h: Harness) {
          h.step('arranco tu programa');
          await h.startProgram();
          h.step(`espero su conexión en ${h.endpoint}`);
          peer = await h.acceptClient();
        },
      },
      {
        name: 'envía «Hola desde el cliente!»',
        rule: 'Enviar exactamente Hola desde el cliente! (en UTF-8, sin salto de línea)',
        hint: "Los sockets envían bytes: s.sendall('Hola desde el cliente!'.encode()), sin salto de línea.",
        timeoutMs: 5000,
        async run(h: Harness) {
          h.step('espero el mensaje de tu cliente');
          await expectGreeting(h, peer);
        },
      },
      {
        name: 'no envía nada más y cierra la conexión después de recibir la respuesta',
        rule: ['una vez, y nada más', 'Cerrar la conexión'],
        hint: 'Envía el mensaje una sola vez, recibe la respuesta con recv() y cierra el socket (with lo cierra por ti).',
        timeoutMs: 5000,
        async run(h: Harness) {
          answer = h.randomText('Hola desde el servidor');
          h.step(`respondo «${answer}» y espero que tu cliente cierre`);
          await answerAndExpectClose(h, peer, answer);
        },
      },
      {
        name: 'imprime «cliente recibe: <respuesta>»',
        rule: 'Recibir la respuesta del servidor e imprimir la línea cliente recibe: <respuesta>',
        hint: "Lo recibido son bytes: print(f'cliente recibe: {data.decode()}').",
        timeoutMs: 5000,
        async run(h: Harness) {
          h.step('espero que tu programa termine y miro lo que imprimió');
          await h.requireProgram().waitEnd(CLOSE_MS);
          await expectPrintedLine(h, `cliente recibe: ${answer}`, 'cliente recibe');
        },
      },
      {
        name: 'termina con código 0',
        rule: 'terminar con código 0',
        timeoutMs: 5000,
        async run(h: Harness) {
          h.step('espero que tu programa termine');
          await h.expectCleanExit(CLOSE_MS, STAYS_RUNNING);
        },
      },
      ...environmentTests(wholeSession, { host: '127.0.0.1', port: 65432 }),
    ];
  },
};
