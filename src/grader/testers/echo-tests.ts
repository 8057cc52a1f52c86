import { randomBytes } from 'node:crypto';
import { byteCount } from '../bytes-view.js';
import { STARTUP_TEST_MS, type Harness } from '../harness.js';
import { closeAndExpectClose, de, expectBytes, sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TestCase } from '../types.js';
import { environmentTests, randomMessages } from './environment-tests.js';

/** Quotes of the echo statements' rules (the same words in eco-tcp and eco-concurrente). */
const ECHO_RULES = {
  listen: 'Escuchar por TCP en HOST:PUERTO, y solo ahí',
  forever: 'sin terminar nunca',
  everyByte: 'devolverle cada byte que envíe, tal cual y en cuanto llegue',
  anyCount: 'sean cuantos sean sus mensajes y su tamaño',
  close: 'Cuando el cliente cierre, cerrar esa conexión',
};

const SINGLE_RECV =
  "¿Llama tu servidor a recv() una sola vez? Repite recv() en un bucle hasta que devuelva b'' (el cliente cerró), " +
  'y devuelve cada trozo con sendall() en cuanto llega.';
const PROMPT_ECHO = '¿Devuelve tu servidor cada trozo en cuanto lo recibe (conn.sendall(data) dentro del bucle de recv)?';
const NO_DECODE = 'Un servidor de eco no necesita decodificar: devuelve los bytes tal cual, sin .decode() ni .encode().';

/** Sends `data` and expects exactly the same bytes back. */
export async function echoRoundTrip(h: Harness, peer: TcpPeer, data: Buffer, what: string, idleMs?: number): Promise<void> {
  // The echo comes back while we still send: we must be able to hold it whole (see expectReply).
  peer.expectReply(data.length);
  await sendBytes(h, peer, data);
  await expectBytes(h, peer, data, { what: `el eco ${de(what)}`, idleMs, onEof: [SINGLE_RECV], onTimeout: [PROMPT_ECHO] });
}

/** A whole client: connect, one round trip, close (our FIN first), expect the server to close. */
export async function oneClient(h: Harness, data: Buffer, what: string): Promise<void> {
  const peer = await h.connect();
  await echoRoundTrip(h, peer, data, what);
  await closeAndExpectClose(h, peer);
}

/**
 * The echo server's tests, in order, on one run of the program: a server that stops serving
 * fails where it stops. `extra` tests go after the clients-in-a-row test (eco-concurrente's).
 */
export function echoTests(extra: TestCase[] = []): TestCase[] {
  let first: TcpPeer;
  return [
    {
      name: 'acepta la conexión de un cliente en HOST:PUERTO (y solo ahí)',
      rule: ECHO_RULES.listen,
      hint: "s.bind((HOST, PORT)) con HOST = os.environ.get('HOST', '127.0.0.1'), y s.listen() antes del bucle de accept().",
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
      rule: ECHO_RULES.everyByte,
      hint: 'Devuelve lo recibido sin tocarlo: conn.sendall(data), sin decode(), strip() ni upper().',
      timeoutMs: 5000,
      async run(h) {
        const text = h.randomText('Hola, eco');
        h.step(`envío «${text}» y espero el eco`);
        await echoRoundTrip(h, first, Buffer.from(text), 'el mensaje');
      },
    },
    {
      name: 'devuelve varios mensajes por la misma conexión y la cierra cuando el cliente cierra',
      rule: [ECHO_RULES.anyCount, ECHO_RULES.close],
      hint: "Repite recv() en un bucle hasta que devuelva b'' y devuelve cada trozo con sendall() en cuanto llega.",
      timeoutMs: 15000,
      async run(h) {
        // A random number (three or more) of random sizes, one with spaces and a line break at its ends.
        const messages = randomMessages(h, { min: 3, max: 6, minBytes: 1, maxBytes: 6000, prefix: 'Mensaje' });
        messages.splice(1, 0, Buffer.from(`  ${h.randomText('Con espacios')} \n`));
        for (const [i, message] of messages.entries()) {
          h.step(`mensaje ${i + 2} de ${messages.length + 1} (${byteCount(message.length)}): lo envío y espero el eco`);
          await expectUndecoded(h, () => echoRoundTrip(h, first, message, `el mensaje ${i + 2}`));
        }
        h.step('cierro el cliente y espero que tu servidor cierre la conexión');
        await closeAndExpectClose(h, first);
      },
    },
    {
      name: 'atiende a varios clientes, uno detrás de otro',
      rule: ECHO_RULES.forever,
      hint: 'Pon accept() dentro de un bucle: while True: conn, addr = s.accept(), y atiende a ese cliente hasta que cierre.',
      timeoutMs: 10000,
      async run(h) {
        for (const n of [2, 3, 4]) {
          h.step(`cliente ${n}: me conecto, envío un mensaje, espero el eco y cierro`);
          await oneClient(h, Buffer.from(h.randomText(`Soy el cliente ${n}`)), `el mensaje del cliente ${n}`);
        }
      },
    },
    ...extra,
    {
      name: 'un cliente que se va sin enviar nada no lo detiene',
      rule: ECHO_RULES.close,
      timeoutMs: 8000,
      async run(h) {
        h.step('me conecto y cierro sin enviar nada (mensaje vacío)');
        const silent = await h.connect();
        await closeAndExpectClose(h, silent);
        h.step('el siguiente cliente envía un mensaje y espera el eco');
        await oneClient(h, Buffer.from(h.randomText('Después del vacío')), 'el mensaje');
      },
    },
    {
      name: 'devuelve un solo byte',
      rule: ECHO_RULES.anyCount,
      timeoutMs: 5000,
      async run(h) {
        h.step('envío 1 byte (b"x") y espero el eco');
        await oneClient(h, Buffer.from('x'), 'un byte');
      },
    },
    {
      name: 'devuelve los bytes que llegan de uno en uno',
      rule: ECHO_RULES.everyByte,
      timeoutMs: 10000,
      async run(h) {
        const peer = await h.connect();
        const data = Buffer.from('hola, eco');
        for (let i = 0; i < data.length; i++) {
          h.step(`envío el byte ${i + 1} de ${data.length} por separado y espero su eco`);
          await echoRoundTrip(h, peer, data.subarray(i, i + 1), `el byte ${i + 1}`);
        }
        h.step('cierro el cliente');
        await closeAndExpectClose(h, peer);
      },
    },
    {
      name: 'devuelve un carácter UTF-8 partido en dos envíos',
      rule: ECHO_RULES.everyByte,
      timeoutMs: 8000,
      async run(h) {
        const peer = await h.connect();
        const euro = Buffer.from('€'); // e2 82 ac
        h.step('envío el primer byte de «€» (b"\\xe2") y espero su eco');
        await expectUndecoded(h, () => echoRoundTrip(h, peer, euro.subarray(0, 1), 'la primera mitad de «€»'));
        h.step('envío los otros dos bytes de «€» (b"\\x82\\xac") y espero su eco');
        await expectUndecoded(h, () => echoRoundTrip(h, peer, euro.subarray(1), 'la segunda mitad de «€»'));
        h.step('cierro el cliente');
        await closeAndExpectClose(h, peer);
      },
    },
    {
      name: 'devuelve datos binarios (los 256 valores de byte)',
      rule: ECHO_RULES.everyByte,
      timeoutMs: 8000,
      async run(h) {
        const data = Buffer.from(Array.from({ length: 1024 }, (_, i) => i % 256));
        h.step(`envío ${byteCount(data.length)} con todos los valores de 0 a 255 y espero el eco`);
        await expectUndecoded(h, () => oneClient(h, data, 'los datos binarios'));
      },
    },
    {
      name: 'devuelve 1 MB enviado de una vez',
      rule: ECHO_RULES.anyCount,
      timeoutMs: 20000,
      async run(h) {
        const data = randomBytes(1024 * 1024);
        const peer = await h.connect();
        h.step(`envío ${byteCount(data.length)} (leyendo el eco a la vez) y espero que vuelvan todos`);
        // Read while writing: a server that echoes as it reads would otherwise block on a full buffer.
        const writing = peer.write(data);
        await expectBytes(h, peer, data, { what: 'el eco de 1 MB', idleMs: 3000, onEof: [SINGLE_RECV], onTimeout: [PROMPT_ECHO] });
        const error = await writing;
        if (error) await h.fail([`No pude terminar de enviar 1 MB: la conexión falló (${error}).`], true);
        h.step('cierro el cliente');
        await closeAndExpectClose(h, peer);
      },
    },
    ...environmentTests((h) => oneClient(h, Buffer.from(h.randomText('Hola, eco')), 'el mensaje'), { host: '127.0.0.1', port: 65432 }),
  ];
}

/** Adds the "do not decode" advice when the program died of a UnicodeDecodeError. */
async function expectUndecoded(h: Harness, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const failure = error as { lines?: string[]; exception?: { type: string } };
    if (failure.lines && failure.exception && /Unicode(De|En)codeError/.test(failure.exception.type)) failure.lines.push(NO_DECODE);
    throw error;
  }
}
