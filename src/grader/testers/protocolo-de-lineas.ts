import { randomInt } from 'node:crypto';
import { delay, STARTUP_TEST_MS, type Harness } from '../harness.js';
import { closeAndExpectClose, sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { withExceptionAdvice } from './exception-advice.js';
import { expectNothingMore, readLine } from './line-reader.js';

const ONE_RECV_ONE_COMMAND =
  'Un recv() no es una orden: TCP es un flujo, y una orden puede llegar en varios trozos o varias en un solo trozo. ' +
  "Acumula lo recibido en un búfer y procesa cada línea completa (hasta b'\\n'); lo que quede después, guárdalo para el siguiente recv().";

/** A command and the answer the protocol requires: an exact line, or 'ERROR' for any line starting with ERROR. */
interface Exchange {
  command: string;
  answer: string;
}

function sum(a: bigint, b: bigint): Exchange {
  return { command: `SUMA ${a} ${b}`, answer: String(a + b) };
}

function randomSum(): Exchange {
  const big = randomInt(3) === 0;
  return sum(big ? BigInt(randomInt(1, 2 ** 47)) * 1_000_000_007n : BigInt(randomInt(-5000, 5000)), BigInt(randomInt(-100_000, 100_000)));
}

const ping = (): Exchange => ({ command: 'PING', answer: 'PONG' });

function randomExchanges(count: number): Exchange[] {
  return Array.from({ length: count }, () => (randomInt(2) ? randomSum() : ping()));
}

/** Why an answer is wrong, from its shape. */
function explain(exchange: Exchange, got: string, split: boolean): string[] {
  if (exchange.answer === 'ERROR') {
    return ['A una orden que no existe (o mal escrita), responde una línea que empiece por «ERROR », y sigue atendiendo.'];
  }
  if (got.startsWith('ERROR')) {
    return split
      ? [`Respondiste ERROR a una orden válida que llegó en varios trozos. ${ONE_RECV_ONE_COMMAND}`]
      : ['Esa orden es válida: «PING» y «SUMA a b» (a y b enteros, también negativos).'];
  }
  const [, a, b] = exchange.command.split(' ');
  if (a !== undefined && b !== undefined) {
    if (got === `${a}${b}`) return ['Juntaste los dos textos en vez de sumar números: convierte con int(a) + int(b).'];
    if (/e\+|\.\d/.test(got)) return ['Con float() los enteros grandes pierden precisión: usa int(a) + int(b), que en Python no tiene límite.'];
  }
  return [];
}

const NOT_AN_INTEGER = "int('dos') lanza ValueError: convierte dentro de try/except ValueError y responde una línea ERROR.";
const TOO_FEW = "«SUMA 1» tiene una sola cifra: comprueba que la orden tiene tres palabras (len(partes) == 3) antes de usar partes[2].";
const CLOSES_AFTER_ONE = '¿Cierra tu servidor la conexión tras una orden? Debe atender varias por la misma conexión, hasta que el cliente cierre.';
const CLOSES_AFTER_ERROR = 'Tras un ERROR la conexión sigue abierta: ¿cierras la conexión (o sales del bucle de recv) al responder ERROR?';

async function exchange(h: Harness, peer: TcpPeer, item: Exchange, split = false, onEof = CLOSES_AFTER_ONE): Promise<void> {
  const got = await readLine(h, peer, {
    what: `la respuesta a «${item.command}»`,
    onTimeout: [split ? ONE_RECV_ONE_COMMAND : '¿Responde tu servidor con una línea terminada en \\n (conn.sendall(b"PONG\\n"))?'],
    onEof: [onEof],
  });
  const ok = item.answer === 'ERROR' ? /^ERROR( |$)/.test(got) : got === item.answer;
  if (!ok) {
    const wanted = item.answer === 'ERROR' ? 'una línea que empiece por «ERROR »' : `«${item.answer}»`;
    await h.fail([`A «${item.command}» tu servidor respondió «${got}», y debía responder ${wanted}.`, ...explain(item, got, split)]);
  }
}

async function sendLine(h: Harness, peer: TcpPeer, text: string): Promise<void> {
  await sendBytes(h, peer, Buffer.from(text));
}

/** A line-protocol server: PING → PONG, SUMA a b → a+b, anything else → ERROR ..., many commands per connection. */
export const protocoloDeLineas: TesterDefinition = {
  exerciseId: 'protocolo-de-lineas',
  transport: 'tcp',
  role: 'server',
  defaultHost: '127.0.0.1',
  defaultPort: 65432,
  tests() {
    let peer: TcpPeer;
    const tests: TestCase[] = [
      {
        name: 'acepta la conexión de un cliente en HOST:PUERTO',
        timeoutMs: STARTUP_TEST_MS,
        async run(h) {
          h.step('arranco tu programa');
          await h.startProgram();
          h.step(`me conecto a ${h.endpoint}`);
          peer = await h.connect();
        },
      },
      {
        name: 'responde PONG a PING',
        timeoutMs: 5000,
        async run(h) {
          h.step('envío «PING\\n» y espero «PONG\\n»');
          await sendLine(h, peer, 'PING\n');
          await exchange(h, peer, ping());
        },
      },
      {
        name: 'responde a SUMA con la suma de dos enteros',
        timeoutMs: 5000,
        async run(h) {
          // Beyond 2**64 on purpose: float() loses it, int() does not.
          for (const item of [randomSum(), randomSum(), sum(2n ** 70n + BigInt(randomInt(1000)), BigInt(randomInt(1, 1000)))]) {
            h.step(`envío «${item.command}» y espero «${item.answer}»`);
            await sendLine(h, peer, `${item.command}\n`);
            await exchange(h, peer, item);
          }
        },
      },
      {
        name: 'atiende muchas órdenes por la misma conexión',
        timeoutMs: 8000,
        async run(h) {
          const items = randomExchanges(randomInt(5, 12));
          h.step(`envío ${items.length} órdenes, una detrás de otra, esperando cada respuesta`);
          for (const item of items) {
            await sendLine(h, peer, `${item.command}\n`);
            await exchange(h, peer, item);
          }
        },
      },
      {
        name: 'entiende una orden que llega partida en varios trozos',
        timeoutMs: 8000,
        async run(h) {
          const item = randomSum();
          const text = `${item.command}\n`;
          const cuts = [2, Math.floor(text.length / 2), text.length - 1];
          h.step(`envío «${item.command}» en ${cuts.length + 1} trozos, con pausas, y espero «${item.answer}»`);
          let from = 0;
          for (const cut of [...cuts, text.length]) {
            await sendLine(h, peer, text.slice(from, cut));
            from = cut;
            await delay(60);
          }
          await exchange(h, peer, item, true);
          await expectNothingMore(h, peer, `Respondió bien a «${item.command}»`);
        },
      },
      {
        name: 'entiende varias órdenes que llegan juntas en un solo envío',
        timeoutMs: 8000,
        async run(h) {
          const items = randomExchanges(randomInt(3, 7));
          h.step(`envío ${items.length} órdenes de golpe, en un solo envío, y espero sus respuestas en orden`);
          await sendLine(h, peer, items.map((item) => `${item.command}\n`).join(''));
          for (const item of items) await exchange(h, peer, item, true);
        },
      },
      {
        name: 'responde ERROR a una orden desconocida o mal escrita, y sigue atendiendo',
        timeoutMs: 8000,
        run: (h) => withExceptionAdvice({ ValueError: NOT_AN_INTEGER, IndexError: TOO_FEW }, () => errors(h)),
      },
      {
        name: 'atiende a otro cliente cuando el anterior se va',
        timeoutMs: 10000,
        async run(h) {
          h.step('me conecto otra vez');
          const next = await h.connect();
          const item = randomSum();
          h.step(`envío «${item.command}» y espero «${item.answer}»`);
          await sendLine(h, next, `${item.command}\n`);
          await exchange(h, next, item);
          await closeAndExpectClose(h, next);
        },
      },
    ];
    async function errors(h: Harness): Promise<void> {
      const word = `HOLA${randomInt(100, 999)}`;
      for (const [index, command] of [word, 'ping', 'SUMA 1', `SUMA dos ${randomInt(10)}`, 'SUMA 1 2 3', 'SUMA 1,5 2'].entries()) {
        h.step(`envío «${command}» y espero una línea que empiece por «ERROR »`);
        await sendLine(h, peer, `${command}\n`);
        await exchange(h, peer, { command, answer: 'ERROR' }, false, index ? CLOSES_AFTER_ERROR : CLOSES_AFTER_ONE);
      }
      h.step('envío «PING» y espero «PONG»: la conexión sigue sirviendo');
      await sendLine(h, peer, 'PING\n');
      await exchange(h, peer, ping(), false, CLOSES_AFTER_ERROR);
      h.step('cierro el cliente y espero que tu servidor cierre la conexión');
      await closeAndExpectClose(h, peer);
    }
    return tests;
  },
};
