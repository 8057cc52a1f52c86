import { randomBytes } from 'node:crypto';
import { byteCount, seconds } from '../bytes-view.js';
import { ANSWER_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import { closeAndExpectClose, expectBytes, sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { echoRoundTrip, oneClient } from './echo-tests.js';
import { withExceptionAdvice } from './exception-advice.js';
import { countWorkers, workersPerClientLines } from './program-workers.js';
import { untilStuckOrDone } from './server-stuck.js';

const FLOOD_BYTES = 16 * 1024 * 1024;
const ONE_THREAD =
  'Este ejercicio pide un solo hilo: un selectors.DefaultSelector() vigila el socket que escucha y todas las conexiones, ' +
  'y el bucle atiende a cada una cuando el selector dice que está lista.';
const NOT_AT_ONCE =
  'Tu servidor no atiende a todos a la vez: registra cada conexión nueva en el selector (sel.register(conn, selectors.EVENT_READ)) ' +
  'y atiende a la que esté lista, sin quedarte esperando en el recv() de una sola.';
const BLOCKED_BY_SLOW_READER =
  'Mientras un cliente no lee, tu servidor dejó de atender a los demás: ¿un sendall() que se queda esperando? Pon cada conexión en modo ' +
  'no bloqueante (conn.setblocking(False)), guarda lo que falte por enviar en un búfer de salida de esa conexión y envíalo ' +
  'cuando el selector avise con EVENT_WRITE.';
const NO_ROOM =
  'send() en modo no bloqueante lanza BlockingIOError cuando no cabe nada más: guarda lo que no cupo en el búfer de salida ' +
  'de esa conexión y envíalo cuando el selector avise con EVENT_WRITE.';
const SEND_PARTIAL =
  'send() no envió todo: en modo no bloqueante, send() envía solo lo que cabe y devuelve cuántos bytes fueron. ' +
  'Quita del búfer de salida solo esos bytes (bufer = bufer[enviados:]) y envía el resto con EVENT_WRITE.';

/**
 * Reads `expected.length` bytes that may exceed what a TcpPeer keeps buffered, comparing piece
 * by piece; fails at the first byte that differs or when the echo stops.
 */
async function expectLargeEcho(h: Harness, peer: TcpPeer, expected: Buffer): Promise<void> {
  let offset = 0;
  while (offset < expected.length) {
    const outcome = await peer.waitForBytes(Math.min(1024 * 1024, expected.length - offset), ANSWER_MS, h.abort);
    const got = peer.take(Math.min(peer.pending().length, expected.length - offset));
    const want = expected.subarray(offset, offset + got.length);
    if (!got.equals(want)) {
      let at = 0;
      while (got[at] === want[at]) at++;
      await h.fail([`El eco difiere a partir del byte ${offset + at + 1} de ${byteCount(expected.length)}: faltan o sobran bytes en medio.`, SEND_PARTIAL]);
    }
    offset += got.length;
    if (outcome !== 'ok' && offset < expected.length) {
      await h.fail(
        [
          outcome === 'timeout'
            ? `Del eco de ${byteCount(expected.length)} solo llegaron ${byteCount(offset)}, y nada más en ${seconds(ANSWER_MS)}.`
            : `Tu servidor cerró la conexión cuando solo había devuelto ${byteCount(offset)} de ${byteCount(expected.length)}.`,
          SEND_PARTIAL,
        ],
        outcome !== 'timeout',
      );
    }
  }
}

/** A one-thread, non-blocking echo server with selectors and an output buffer per connection. */
export const ecoSelectors: TesterDefinition = {
  exerciseId: 'eco-selectors',
  transport: 'tcp',
  role: 'server',
  defaultHost: '127.0.0.1',
  defaultPort: 65432,
  tests() {
    let first: TcpPeer;
    const tests: TestCase[] = [
      {
        name: 'acepta la conexión de un cliente en HOST:PUERTO',
        timeoutMs: STARTUP_TEST_MS,
        async run(h) {
          h.step('arranco tu programa');
          await h.startProgram();
          h.step(`me conecto a ${h.endpoint}`);
          first = await h.connect();
        },
      },
      {
        name: 'devuelve un mensaje tal cual',
        timeoutMs: 5000,
        async run(h) {
          const text = h.randomText('Hola, selectors');
          h.step(`envío «${text}» y espero el eco`);
          await echoRoundTrip(h, first, Buffer.from(text), 'el mensaje');
        },
      },
      {
        name: 'atiende a varios clientes a la vez, con un solo hilo y un solo proceso',
        timeoutMs: 10000,
        async run(h) {
          const before = await countWorkers(h);
          const peers: TcpPeer[] = [];
          for (let i = 0; i < 5; i++) {
            h.step(`cliente ${i + 2}: me conecto mientras el primero sigue conectado`);
            peers.push(await h.connect());
          }
          const texts = peers.map((_, i) => Buffer.from(h.randomText(`Cliente ${i + 2}`)));
          h.step('los cinco envían antes de que ninguno lea, y cada uno espera su eco');
          for (const [i, peer] of peers.entries()) await sendBytes(h, peer, texts[i]!);
          for (const [i, peer] of peers.entries()) {
            await expectBytes(h, peer, texts[i]!, { what: `el eco del cliente ${i + 2}`, onTimeout: [NOT_AT_ONCE] });
          }
          const after = await countWorkers(h);
          if (before && after) {
            const lines = workersPerClientLines(before, after, peers.length);
            if (lines.length) await h.fail([...lines, ONE_THREAD]);
          }
          for (const peer of peers) await closeAndExpectClose(h, peer);
        },
      },
      {
        name: 'un cliente que envía varios MB y lee tarde no bloquea a los demás ni pierde datos',
        timeoutMs: 30000,
        run: (h) => withExceptionAdvice({ BlockingIOError: NO_ROOM }, () => slowReader(h)),
      },
      {
        name: 'cierra cada conexión cuando su cliente cierra, y sigue atendiendo',
        timeoutMs: 10000,
        async run(h) {
          h.step('el primer cliente cierra');
          await closeAndExpectClose(h, first);
          for (const n of [1, 2]) {
            h.step(`un cliente nuevo (${n}): me conecto, envío, espero el eco y cierro`);
            await oneClient(h, Buffer.from(h.randomText(`Nuevo ${n}`)), 'el mensaje');
          }
        },
      },
    ];
    return tests;
  },
};

async function slowReader(h: Harness): Promise<void> {
  const slow = await h.connect();
  const data = randomBytes(FLOOD_BYTES);
  h.step(`cliente lento: envío ${byteCount(data.length)} sin leer nada`);
  slow.socket.pause();
  let written = false as boolean;
  const writing = slow.write(data).finally(() => (written = true));
  await untilStuckOrDone(h, slow, () => written);
  h.step('mientras el lento no lee, otro cliente envía un mensaje y espera su eco');
  const other = await h.connect();
  const text = Buffer.from(h.randomText('No me hagas esperar'));
  await sendBytes(h, other, text);
  await expectBytes(h, other, text, { what: 'el eco del otro cliente', onTimeout: [BLOCKED_BY_SLOW_READER] });
  await closeAndExpectClose(h, other);
  h.step(`cliente lento: por fin leo, y espero los ${byteCount(data.length)} de vuelta, sin que falte ni sobre nada`);
  slow.socket.resume();
  await expectLargeEcho(h, slow, data);
  const error = await writing;
  if (error) await h.fail([`No pude terminar de enviar los ${byteCount(data.length)}: la conexión falló (${error}).`], true);
  await closeAndExpectClose(h, slow);
}
