import { randomInt } from 'node:crypto';
import { seconds } from '../bytes-view.js';
import { CLOSE_MS, delay, STARTUP_TEST_MS, TestFailure, type Harness } from '../harness.js';
import { GraderTcpServer } from '../grader-tcp-server.js';
import { SOCK_STREAM } from '../audit-hook.js';
import { expectPrintedLine } from '../output-checks.js';
import { waitUntilReady } from '../readiness.js';
import { sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { exchangeInTime, type AnswerTiming, type InTimePlan } from './in-time.js';
import { readLine } from './line-reader.js';
import { acceptWhileRunning } from './own-listener.js';
import { expectGivesUp } from './printed-fields.js';

const LIMIT_MS = 2000;
const MAX_ATTEMPTS = 5;
/** The waits between attempts the statement asks for: 0,2 s, and the double each time. */
const BACKOFF_MS = [200, 400, 800, 1600];
/** What the backoff adds up to (3 s), with room for a loaded machine, from the first attempt. */
const GIVE_UP_MS = 3000 + 4000;
/** A loaded machine may stall the grader: an exchange it answered late runs again, this many times at most. */
const TRIES = 3;
/** What the program needs of its 2 s to see an answer that left in time. */
const PROGRAM_SHARE_MS = 300;

const GAVE_UP_TOO_SOON = 'Tu programa se rindió por tiempo agotado antes de recibir mi respuesta: ¿usa un tiempo de espera más corto que 2 s (settimeout(2))?';

function gaveUpOnTime(h: Harness): boolean {
  return h.requireProgram().stdout().includes('error: tiempo agotado');
}

/** A program that gave up on its 2 s limit after the grader took most of them itself is not judged: the exchange runs again. */
const ANSWERED_LATE: InTimePlan = {
  tries: TRIES,
  graderWasLate: (timing) => timing.ownMs >= LIMIT_MS - PROGRAM_SHARE_MS,
  again: 'la computadora está cargada y mi respuesta salió tarde: lo repito',
};

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
async function request(h: Harness, timing?: AnswerTiming): Promise<TcpPeer> {
  h.step('arranco tu programa');
  await h.startProgram();
  h.step(`espero su conexión en ${h.endpoint} y su petición «HOLA»`);
  const peer = await h.acceptClient();
  await expectHello(h, peer, timing);
  return peer;
}

async function expectHello(h: Harness, peer: TcpPeer, timing?: AnswerTiming): Promise<void> {
  const line = await readLine(h, peer, { what: 'la petición «HOLA»', who: 'Tu cliente' });
  timing?.heard();
  if (line !== 'HOLA') await h.fail([`Tu cliente envió «${line}», y la petición es la línea «HOLA» (b"HOLA\\n").`]);
}

/** Sends the answer line (its timing noted first). */
async function answer(h: Harness, peer: TcpPeer, timing: AnswerTiming, text: string): Promise<void> {
  timing.answering();
  await sendBytes(h, peer, Buffer.from(`${text}\n`), 'Tu cliente');
}

async function expectAnswerPrinted(h: Harness, answer: string): Promise<void> {
  h.step('espero que tu programa termine con código 0 y miro lo que imprimió');
  try {
    await h.expectCleanExit(LIMIT_MS + CLOSE_MS, [`Le respondí, pero tu programa sigue en marcha ${seconds(LIMIT_MS + CLOSE_MS)} después.`]);
    await expectPrintedLine(h, `respuesta: ${answer}`, 'respuesta');
  } catch (error) {
    if (error instanceof TestFailure && gaveUpOnTime(h)) error.lines.push(GAVE_UP_TOO_SOON);
    throw error;
  }
}

function connectEvents(h: Harness): { at?: number }[] {
  return h.auditEvents('connect', SOCK_STREAM).filter((event) => event.port === h.port);
}

function connectAttempts(h: Harness): number {
  return connectEvents(h).length;
}

/**
 * Waits until the program has made `count` connect attempts (or ended), as long as it may still
 * be starting (see waitUntilReady): a slow start is not counted against its backoff or its limit.
 */
async function attemptsMade(h: Harness, count: number): Promise<void> {
  await waitUntilReady(h.requireProgram(), {
    attempt: () => Promise.resolve(connectAttempts(h) >= count ? true : undefined),
    pauseMs: 20,
    lookEveryMs: 200,
    onExit: () => Promise.resolve(true),
    onLate: (late) => h.fail([`Tu programa sigue en marcha y no ha intentado conectarse a ${h.endpoint} (${late.reason}).`]),
    signal: h.signal,
    checkAborted: () => h.checkAborted(),
  });
}

/** More attempts than the statement allows, before the grader listened again; how fast they came, by the program's own clock. */
function tooManyAttempts(h: Harness, attempts: number): string[] {
  const times = connectEvents(h).map((event) => event.at);
  const first = times[0];
  const last = times[MAX_ATTEMPTS - 1];
  const quick = first !== undefined && last !== undefined && last - first < 1000;
  return [
    `Tu cliente lo intentó ${attempts} veces antes de conectarse: son ${MAX_ATTEMPTS} intentos como mucho; tras 5 intentos rechazados, imprime «error: rechazada» y termina.`,
    ...(quick ? [`Sus primeros ${MAX_ATTEMPTS} intentos llegaron en menos de un segundo: espera entre intento e intento (0,2 s, después el doble).`] : []),
  ];
}

/**
 * The program gave up before the grader listened again, but by its own clock it waited as the
 * statement asks between every two attempts: the grader, not the program, was late.
 */
function keptBackoffUntil(h: Harness, listenedAt: number): boolean {
  const times = connectEvents(h).map((event) => event.at);
  if (times.length !== MAX_ATTEMPTS || times.some((at) => at === undefined)) return false;
  const at = times as number[];
  return at.at(-1)! < listenedAt && at.slice(1).every((time, i) => time - at[i]! >= BACKOFF_MS[i]! * 0.75);
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
        timeoutMs: STARTUP_TEST_MS * TRIES,
        run: (h) =>
          exchangeInTime(h, ANSWERED_LATE, async (timing) => {
            const peer = await request(h, timing);
            const text = h.randomText('Buenas');
            h.step(`respondo «${text}»`);
            await answer(h, peer, timing, text);
            await expectAnswerPrinted(h, text);
          }),
      },
      {
        name: 'espera una respuesta lenta que llega dentro del límite de 2 s',
        timeoutMs: STARTUP_TEST_MS * TRIES,
        run: (h) =>
          exchangeInTime(h, ANSWERED_LATE, async (timing) => {
            const peer = await request(h, timing);
            const text = h.randomText('Perdón la demora');
            const late = randomInt(900, 1300);
            h.step(`respondo «${text}» tras ${late} ms`);
            await delay(late);
            await answer(h, peer, timing, text);
            await expectAnswerPrinted(h, text);
          }),
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
        timeoutMs: STARTUP_TEST_MS * TRIES,
        run: (h) =>
          exchangeInTime(h, ANSWERED_LATE, async (timing) => {
            const peer = await request(h, timing);
            h.step('envío media respuesta y corto la conexión de golpe (con un reinicio, RST)');
            timing.answering();
            await sendBytes(h, peer, Buffer.from(h.randomText('Esto se cor')), 'Tu cliente');
            await delay(100);
            // A program may give the whole line 2 s (not each recv()): the cut is part of the answer.
            timing.answering();
            h.release(peer);
            await expectGivesUp(h, 'conexión reiniciada', 1, LIMIT_MS + CLOSE_MS, [
              'Corté la conexión, y tu programa sigue en marcha: ¿sigue esperando el resto de la línea?',
            ]);
          }),
      },
      {
        name: 'si el servidor aún no escucha, reintenta con esperas crecientes (hasta 5 intentos) y se conecta',
        timeoutMs: (STARTUP_TEST_MS + 10000) * TRIES,
        async run(h) {
          h.tcpServer.close();
          let listenedAt = Number.POSITIVE_INFINITY;
          const listenedLate: InTimePlan = {
            tries: TRIES,
            // Or the answer: after the connection the 2 s limit applies as in the other tests.
            graderWasLate: (timing) => keptBackoffUntil(h, listenedAt) || (gaveUpOnTime(h) && ANSWERED_LATE.graderWasLate(timing)),
            again: 'la computadora está cargada y volví a escuchar (o respondí) tarde: lo repito',
          };
          await exchangeInTime(h, listenedLate, async (timing) => {
            listenedAt = Number.POSITIVE_INFINITY;
            h.step('dejo de escuchar: tu cliente encontrará la conexión rechazada');
            await h.startProgram();
            // Its second attempt proves the first was refused (the audit hook sees a connect() before it is made).
            await attemptsMade(h, 2);
            await delay(randomInt(300, 700));
            h.step(`vuelvo a escuchar en ${h.endpoint} y espero su conexión`);
            const server = await GraderTcpServer.listen(h.host, h.port);
            listenedAt = Date.now();
            try {
              const peer = await acceptOn(h, server, GIVE_UP_MS);
              const attempts = connectAttempts(h);
              if (attempts < 2) await h.fail(['Tu cliente se conectó, pero no vi ningún intento rechazado antes: ¿empezó tarde?']);
              if (attempts > MAX_ATTEMPTS) await h.fail(tooManyAttempts(h, attempts));
              await expectHello(h, peer, timing);
              const text = h.randomText('Por fin');
              await answer(h, peer, timing, text);
              await expectAnswerPrinted(h, text);
            } finally {
              server.close();
            }
          });
        },
      },
      {
        name: 'si nadie escucha, se rinde tras 5 intentos con «error: rechazada» y código 1',
        timeoutMs: STARTUP_TEST_MS + 10000,
        async run(h) {
          h.step('nadie escucha: espero que tu cliente lo intente hasta 5 veces y se rinda');
          await h.startProgram();
          // Counted from its first attempt: Python may be slow to start on a loaded machine.
          await attemptsMade(h, 1);
          await expectGivesUp(h, 'rechazada', 1, GIVE_UP_MS, [
            `Nadie escucha, y tu programa sigue en marcha ${seconds(GIVE_UP_MS)} después de su primer intento: tras 5 intentos rechazados, imprime «error: rechazada» y termina.`,
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
