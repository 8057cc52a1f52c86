import { randomBytes, randomInt } from 'node:crypto';
import { byteCount, describeBytesMismatch, seconds } from '../bytes-view.js';
import { ANSWER_MS, CLOSE_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import { closeAndExpectClose, sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { withExceptionAdvice } from './exception-advice.js';
import { pauseUntilIdle } from './program-idle.js';

const MAX = 1024 * 1024;
const RECV_EXACT =
  'recv(4) devuelve hasta 4 bytes, no exactamente 4: la longitud (y el mensaje) pueden llegar en varios trozos. ' +
  'Escribe una función que repita recv() hasta tener n bytes (recibir_exacto(conn, n)) y úsala para la cabecera y para el contenido.';
const ADVICE = {
  // struct.error shows in the traceback as plain «error».
  error: RECV_EXACT,
  MemoryError: `Antes de leer el contenido, mira la longitud: si pasa de ${MAX} (1 MiB), cierra la conexión sin leerlo.`,
};

function frame(payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length);
  return Buffer.concat([header, payload]);
}

const reversed = (payload: Buffer): Buffer => Buffer.from(payload).reverse();

/** Reads one framed answer and checks it is `payload` reversed, explaining a wrong header or body. */
const ONE_PER_CONNECTION = '¿Cierra tu servidor la conexión tras un mensaje? Debe atender varios por la misma conexión, hasta que el cliente cierre.';
const EMPTY_IS_NOT_END =
  "Un mensaje vacío no es el final: su contenido es b'' porque su longitud es 0. El cliente se fue solo cuando la cabecera no llega (recv() devuelve b'' al leerla).";

async function expectAnswer(h: Harness, peer: TcpPeer, payload: Buffer, what: string, onEof = ONE_PER_CONNECTION): Promise<void> {
  const outcome = await peer.waitForBytes(4, ANSWER_MS, h.abort);
  if (outcome === 'timeout') {
    await h.fail([
      `Esperaba la respuesta a ${what} y ${peer.pending().length ? `solo llegaron ${byteCount(peer.pending().length)} de su cabecera` : 'no llegó nada'} en ${seconds(ANSWER_MS)}.`,
      '¿Envía tu servidor struct.pack("!I", len(respuesta)) + respuesta por cada mensaje completo que recibe?',
    ]);
  }
  if (outcome !== 'ok') {
    await h.fail(
      [`Tu servidor ${outcome === 'reset' ? 'cortó la conexión de golpe (con un reinicio, RST)' : 'cerró la conexión'} sin responder a ${what}.`],
      true,
      [onEof],
    );
  }
  const header = peer.take(4);
  const length = header.readUInt32BE();
  if (length !== payload.length) {
    const lines = [`La cabecera de la respuesta a ${what} dice ${length} bytes, y la respuesta tiene ${byteCount(payload.length)}.`];
    if (header.readUInt32LE() === payload.length) {
      lines.push("Escribiste la longitud al revés (little-endian, '<I' o 'I'): en la red va primero el byte más significativo, struct.pack('!I', n) o '>I'.");
    } else if (/^[0-9]/.test(header.toString('latin1'))) {
      lines.push(`La cabecera parece texto (${JSON.stringify(header.toString('latin1'))}): son 4 bytes binarios, struct.pack('!I', len(respuesta)), no str(len(...)).`);
    }
    await h.fail(lines);
  }
  const expected = reversed(payload);
  const body = await peer.waitForBytes(expected.length, ANSWER_MS, h.abort);
  const got = peer.take(Math.min(expected.length, peer.pending().length));
  if (body !== 'ok') {
    await h.fail(
      [`Tu servidor anunció ${byteCount(length)} en la cabecera de la respuesta a ${what}, pero solo llegaron ${byteCount(got.length)}.`, RECV_EXACT],
      body !== 'timeout',
    );
  }
  if (!got.equals(expected)) {
    await h.fail([
      `El contenido de la respuesta a ${what} no es el esperado.`,
      ...(got.equals(payload) && payload.length > 1
        ? ['Devolviste el mensaje tal cual: la respuesta es el contenido al revés (contenido[::-1]).']
        : got.equals(Buffer.from([...payload.toString('utf8')].reverse().join('')))
          ? [...describeBytesMismatch(expected, got), 'Invertiste el texto (letra a letra), no los bytes: el contenido son bytes; inviértelo sin decodificarlo, contenido[::-1].']
          : describeBytesMismatch(expected, got)),
    ]);
  }
}

async function roundTrip(h: Harness, peer: TcpPeer, payload: Buffer, what: string, onEof?: string): Promise<void> {
  await sendBytes(h, peer, frame(payload));
  await expectAnswer(h, peer, payload, what, onEof);
}

/** Length-prefixed messages: each one answered with its content reversed; over 1 MiB, the connection is closed. */
export const mensajesConLongitud: TesterDefinition = {
  exerciseId: 'mensajes-con-longitud',
  transport: 'tcp',
  role: 'server',
  defaultHost: '127.0.0.1',
  defaultPort: 65432,
  tests() {
    let peer: TcpPeer;
    const test = (name: string, timeoutMs: number, body: (h: Harness) => Promise<void>): TestCase => ({
      name,
      timeoutMs,
      run: (h) => withExceptionAdvice(ADVICE, () => body(h)),
    });
    return [
      test('acepta la conexión de un cliente en HOST:PUERTO', STARTUP_TEST_MS, async (h) => {
        h.step('arranco tu programa');
        await h.startProgram();
        h.step(`me conecto a ${h.endpoint}`);
        peer = await h.connect();
      }),
      test('responde a un mensaje con su contenido al revés', 5000, async (h) => {
        const payload = Buffer.from(h.randomText('Mensaje con longitud'));
        h.step(`envío un mensaje de ${byteCount(payload.length)} («${payload.toString()}») y espero la respuesta`);
        await roundTrip(h, peer, payload, 'ese mensaje');
      }),
      test('responde a varios mensajes binarios que llegan juntos en un solo envío', 8000, async (h) => {
        const payloads = Array.from({ length: randomInt(3, 8) }, () => randomBytes(randomInt(1, 3000)));
        h.step(`envío ${payloads.length} mensajes binarios de golpe y espero sus respuestas, en orden`);
        await sendBytes(h, peer, Buffer.concat(payloads.map(frame)));
        for (const [index, payload] of payloads.entries()) await expectAnswer(h, peer, payload, `el mensaje ${index + 1}`);
      }),
      test('entiende una longitud y un contenido que llegan en trozos', 8000, async (h) => {
        const payload = randomBytes(randomInt(200, 2000));
        const data = frame(payload);
        const cuts = [1, 3, 4, 4 + Math.floor(payload.length / 3), data.length];
        h.step(`envío la cabecera en tres trozos (1, 2 y 1 bytes) y el contenido en dos, con pausas`);
        let from = 0;
        for (const cut of cuts) {
          await sendBytes(h, peer, data.subarray(from, cut));
          from = cut;
          await pauseUntilIdle(h, 80);
        }
        await expectAnswer(h, peer, payload, 'ese mensaje');
      }),
      test('responde a un mensaje vacío con otro vacío', 5000, async (h) => {
        h.step('envío un mensaje de 0 bytes (la cabecera b"\\x00\\x00\\x00\\x00" sola) y espero la misma respuesta');
        await roundTrip(h, peer, Buffer.alloc(0), 'un mensaje vacío', EMPTY_IS_NOT_END);
        const after = randomBytes(16);
        h.step('y después otro mensaje normal');
        await roundTrip(h, peer, after, 'el mensaje siguiente al vacío');
      }),
      test('acepta un mensaje del tamaño máximo (1 MiB)', 20000, async (h) => {
        const payload = randomBytes(MAX);
        h.step(`envío un mensaje de ${byteCount(MAX)} (el máximo) y espero la respuesta`);
        const writing = peer.write(frame(payload));
        await expectAnswer(h, peer, payload, 'el mensaje de 1 MiB');
        if (await writing) await h.fail(['No pude terminar de enviar el mensaje de 1 MiB: tu servidor cerró la conexión.'], true);
        h.step('cierro el cliente y espero que tu servidor cierre la conexión');
        await closeAndExpectClose(h, peer);
      }),
      test('rechaza un mensaje de más de 1 MiB cerrando la conexión, sin esperar su contenido', 10000, async (h) => {
        const big = await h.connect();
        const length = MAX + randomInt(1, 1_000_000);
        const header = Buffer.alloc(4);
        header.writeUInt32BE(length);
        h.step(`me conecto y envío la cabecera de un mensaje de ${byteCount(length)}, y solo 1000 bytes de su contenido`);
        await sendBytes(h, big, Buffer.concat([header, randomBytes(1000)]));
        const outcome = await big.waitEof(CLOSE_MS, h.abort);
        if (outcome === 'timeout') {
          await h.fail([
            `Tu servidor no cerró la conexión en ${seconds(CLOSE_MS)}: ¿se quedó esperando los ${byteCount(length)} del mensaje?`,
            `Mira la longitud antes de leer el contenido: si pasa de ${MAX}, no lo leas; cierra la conexión.`,
          ]);
        }
        if (big.pending().length) await h.fail([`Tu servidor respondió (${byteCount(big.pending().length)}) a un mensaje demasiado grande: debía cerrar sin responder.`]);
        h.release(big);
        h.step('me conecto otra vez: tu servidor debe seguir atendiendo');
        const next = await h.connect();
        const payload = randomBytes(64);
        await roundTrip(h, next, payload, 'el mensaje del cliente siguiente');
        await closeAndExpectClose(h, next);
      }),
    ];
  },
};
