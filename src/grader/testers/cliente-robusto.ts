import { randomInt } from 'node:crypto';
import { seconds } from '../bytes-view.js';
import { CLOSE_MS, delay, STARTUP_TEST_MS, TestFailure, type Harness } from '../harness.js';
import { GraderTcpServer } from '../grader-tcp-server.js';
import { SOCK_STREAM } from '../audit-hook.js';
import { expectPrintedLine } from '../output-checks.js';
import { sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { readLine } from './line-reader.js';
import { acceptWhileRunning } from './own-listener.js';
import { expectGivesUp } from './printed-fields.js';

const LIMIT_MS = 2000;
const MAX_ATTEMPTS = 5;
/** What the backoff 0,2 + 0,4 + 0,8 + 1,6 s adds up to, with room for a loaded machine. */
const GIVE_UP_MS = 3000 + 4000;

/** Waits for the program's connection on `server`; fails saying why when it does not come. */
async function acceptOn(h: Harness, server: GraderTcpServer, ms: number): Promise<TcpPeer> {
  const peer = await acceptWhileRunning(h, server, ms);
  if (!peer) {
    const program = h.requireProgram();
    const attempts = connectAttempts(h);
    await h.fail([
      program.exited
        ? attempts > 1
          ? `Tu programa lo intentó ${attempts} veces y se rindió antes de que el servidor volviera a escuchar: ¿espera entre intento e intento?`
          : 'Tu programa terminó sin volver a intentarlo: cuando el servidor ya escuchaba, no se conectó.'
        : `Tu programa no se conectó en ${seconds(ms)}, aunque el servidor ya escuchaba.`,
      'Si connect() lanza ConnectionRefusedError, espera un poco (0,2 s, y el doble cada vez) y vuelve a intentarlo, hasta 5 intentos.',
    ]);
  }
  return peer!;
}

/** Starts the program, takes its connection and expects its request line. */
async function request(h: Harness): Promise<TcpPeer> {
  h.step('arranco tu programa');
  await h.startProgram();
  h.step(`espero su conexión en ${h.endpoint} y su petición «HOLA»`);
  const peer = await h.acceptClient();
  await expectHello(h, peer);
  return peer;
}

async function expectHello(h: Harness, peer: TcpPeer): Promise<void> {
  const line = await readLine(h, peer, { what: 'la petición «HOLA»', who: 'Tu cliente' });
  if (line !== 'HOLA') await h.fail([`Tu cliente envió «${line}», y la petición es la línea «HOLA» (b"HOLA\\n").`]);
}

const GAVE_UP_TOO_SOON = 'Tu programa se rindió por tiempo agotado antes de recibir mi respuesta: ¿usa un tiempo de espera más corto que 2 s (settimeout(2))?';

async function expectAnswerPrinted(h: Harness, answer: string): Promise<void> {
  h.step('espero que tu programa termine con código 0 y miro lo que imprimió');
  try {
    await h.expectCleanExit(LIMIT_MS + CLOSE_MS, [`Le respondí, pero tu programa sigue en marcha ${seconds(LIMIT_MS + CLOSE_MS)} después.`]);
    await expectPrintedLine(h, `respuesta: ${answer}`, 'respuesta');
  } catch (error) {
    if (error instanceof TestFailure && h.requireProgram().stdout().includes('error: tiempo agotado')) error.lines.push(GAVE_UP_TOO_SOON);
    throw error;
  }
}

function connectAttempts(h: Harness): number {
  return h.auditEvents('connect', SOCK_STREAM).filter((event) => event.port === h.port).length;
}

/** A client that keeps its promises: retries a refused connection with backoff, and gives up cleanly on a timeout or a reset. */
export const clienteRobusto: TesterDefinition = {
  exerciseId: 'cliente-robusto',
  transport: 'tcp',
  role: 'client',
  defaultHost: '127.0.0.1',
  defaultPort: 65432,
  tests() {
    const tests: TestCase[] = [
      {
        name: 'envía «HOLA» e imprime «respuesta: <línea>»',
        timeoutMs: STARTUP_TEST_MS,
        async run(h) {
          const peer = await request(h);
          const answer = h.randomText('Buenas');
          h.step(`respondo «${answer}»`);
          await sendBytes(h, peer, Buffer.from(`${answer}\n`), 'Tu cliente');
          await expectAnswerPrinted(h, answer);
        },
      },
      {
        name: 'espera una respuesta lenta que llega dentro del límite de 2 s',
        timeoutMs: STARTUP_TEST_MS,
        async run(h) {
          const peer = await request(h);
          const answer = h.randomText('Perdón la demora');
          const late = randomInt(900, 1300);
          h.step(`respondo «${answer}» tras ${late} ms`);
          await delay(late);
          await sendBytes(h, peer, Buffer.from(`${answer}\n`), 'Tu cliente');
          await expectAnswerPrinted(h, answer);
        },
      },
      {
        name: 'si la respuesta no llega en 2 s, imprime «error: tiempo agotado» y termina con código 1',
        timeoutMs: STARTUP_TEST_MS,
        async run(h) {
          await request(h);
          h.step('no respondo nada: espero que tu cliente se rinda a los 2 s');
          await expectGivesUp(h, 'tiempo agotado', 1, LIMIT_MS + CLOSE_MS, [
            `No respondí, y tu programa sigue esperando ${seconds(LIMIT_MS + CLOSE_MS)} después.`,
            'Pon un tiempo de espera antes de recv(): s.settimeout(2). Si se agota, recv() lanza TimeoutError (socket.timeout).',
          ]);
        },
      },
      {
        name: 'si el servidor corta la conexión a mitad de la respuesta, imprime «error: conexión reiniciada»',
        timeoutMs: STARTUP_TEST_MS,
        async run(h) {
          const peer = await request(h);
          h.step('envío media respuesta y corto la conexión de golpe (con un reinicio, RST)');
          await sendBytes(h, peer, Buffer.from(h.randomText('Esto se cor')), 'Tu cliente');
          await delay(100);
          h.release(peer);
          await expectGivesUp(h, 'conexión reiniciada', 1, LIMIT_MS + CLOSE_MS, [
            'Corté la conexión, y tu programa sigue en marcha: ¿sigue esperando el resto de la línea?',
          ]);
        },
      },
      {
        name: 'si el servidor aún no escucha, reintenta con esperas crecientes (hasta 5 intentos) y se conecta',
        timeoutMs: STARTUP_TEST_MS + 10000,
        async run(h) {
          h.tcpServer.close();
          h.step('dejo de escuchar: tu cliente encontrará la conexión rechazada');
          await h.startProgram();
          // From its first refused attempt (Python may be slow to start on a loaded machine).
          const started = Date.now();
          while (connectAttempts(h) === 0 && !h.requireProgram().exited && Date.now() - started < STARTUP_TEST_MS - 5000) await delay(20);
          await delay(randomInt(300, 700));
          h.step(`vuelvo a escuchar en ${h.endpoint} y espero su conexión`);
          const server = await GraderTcpServer.listen(h.host, h.port);
          try {
            const peer = await acceptOn(h, server, GIVE_UP_MS);
            const attempts = connectAttempts(h);
            if (attempts < 2) await h.fail(['Tu cliente se conectó, pero no vi ningún intento rechazado antes: ¿empezó tarde?']);
            if (attempts > MAX_ATTEMPTS) {
              await h.fail([`Tu cliente lo intentó ${attempts} veces en menos de un segundo: espera entre intento e intento (0,2 s, después el doble).`]);
            }
            await expectHello(h, peer);
            const answer = h.randomText('Por fin');
            await sendBytes(h, peer, Buffer.from(`${answer}\n`), 'Tu cliente');
            await expectAnswerPrinted(h, answer);
          } finally {
            server.close();
          }
        },
      },
      {
        name: 'si nadie escucha, se rinde tras 5 intentos con «error: rechazada» y código 1',
        timeoutMs: STARTUP_TEST_MS + 10000,
        async run(h) {
          h.step('nadie escucha: espero que tu cliente lo intente hasta 5 veces y se rinda');
          await h.startProgram();
          await expectGivesUp(h, 'rechazada', 1, GIVE_UP_MS, [
            `Nadie escucha, y tu programa sigue en marcha ${seconds(GIVE_UP_MS)} después: tras 5 intentos rechazados, imprime «error: rechazada» y termina.`,
          ]);
          const attempts = connectAttempts(h);
          if (attempts !== MAX_ATTEMPTS) {
            await h.fail([`Tu cliente lo intentó ${attempts} ${attempts === 1 ? 'vez' : 'veces'}; debía intentarlo ${MAX_ATTEMPTS} veces antes de rendirse.`]);
          }
        },
      },
    ];
    return tests;
  },
};
