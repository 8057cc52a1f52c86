import { createHash, randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { byteCount, seconds } from '../bytes-view.js';
import { ANSWER_MS, CLOSE_MS, delay, STARTUP_TEST_MS, type Harness, type TestFailure } from '../harness.js';
import { expectPrintedLine } from '../output-checks.js';
import { failIfServedOneAndEnded } from '../served-one-and-ended.js';
import { sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { withExceptionAdvice } from './exception-advice.js';
import { setLearnerVars } from './learner-vars.js';
import { readLine } from './line-reader.js';
import { sendPaced } from './paced-send.js';
import { closeNormally } from './server-closes-first.js';

const SHUT_WR =
  'Cuando termines de enviar, cierra solo tu sentido de envío: s.shutdown(socket.SHUT_WR). El servidor recibe b\'\' (sabe que terminaste) ' +
  'y tú aún puedes leer su respuesta.';
const BOTH_WAYS_CLOSED = "¿cerró los dos sentidos (close() o shutdown(SHUT_RDWR)) antes de leer? Entonces recv() devuelve b'' enseguida, o falla con ConnectionResetError si mi respuesta llegó antes.";
const BINARY = "El archivo es binario: ábrelo con open(nombre, 'rb') y envía sus bytes tal cual.";

/** The client half: the grader is the server; the learner's client uploads ARCHIVO. */
async function uploadTo(h: Harness, size: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-subir-'));
  const file = join(dir, `datos-${randomInt(1000, 10000)}.bin`);
  const content = randomBytes(size);
  writeFileSync(file, content);
  try {
    setLearnerVars(h, { MODO: 'cliente', ARCHIVO: file });
    h.step(`arranco tu programa con MODO=cliente y ARCHIVO=${file} (${byteCount(size)})`);
    await h.startProgram();
    h.step(`espero su conexión en ${h.endpoint}`);
    const peer = await h.acceptClient();
    h.step('espero todo el archivo y después su shutdown(SHUT_WR), sin cerrar yo nada');
    const outcome = await peer.waitEof(ANSWER_MS + 2000, h.abort);
    const got = peer.take();
    if (outcome === 'timeout') {
      await h.fail([`Tu cliente envió ${byteCount(got.length)} y se quedó esperando, sin cerrar su sentido de envío.`, 'Sin eso, el servidor no puede saber que el archivo terminó.', SHUT_WR]);
    }
    if (outcome === 'reset') await h.fail(['Tu cliente cortó la conexión de golpe (con un reinicio, RST) antes de terminar de enviar.'], true);
    if (!got.equals(content)) {
      await h.fail([`Recibí ${byteCount(got.length)}, y el archivo tiene ${byteCount(content.length)}: ¿lo envías entero, con sendall(), y en binario?`]);
    }
    const answer = h.randomText('Recibido, gracias');
    h.step(`recibí el archivo y su FIN; respondo «${answer}» y cierro`);
    await sendBytes(h, peer, Buffer.from(`${answer}\n`), 'Tu cliente');
    await delay(50);
    if (peer.reset) {
      await h.fail([
        'Tu cliente cerró del todo la conexión (close() o shutdown(SHUT_RDWR)) en vez de cerrar solo su envío: su sistema rechazó mi respuesta con un reinicio (RST).',
        SHUT_WR,
      ], true);
    }
    await closeNormally(h, peer);
    h.step('espero que tu programa imprima mi respuesta y termine con código 0');
    await h.expectCleanExit(CLOSE_MS, [`Respondí y cerré, pero tu programa sigue en marcha ${seconds(CLOSE_MS)} después: ¿lee hasta que recv() devuelva b''?`]).catch((error: unknown) => {
      // On a loaded machine the RST my answer caused can come after the check above: the client
      // then dies of it in recv() (ConnectionResetError), and the cause is the same.
      const failure = error as TestFailure;
      if (peer.reset || failure.exception?.type === 'ConnectionResetError') failure.lines.push(BOTH_WAYS_CLOSED, SHUT_WR);
      throw error;
    });
    await expectPrintedLine(h, answer).catch((error: unknown) => {
      const failure = error as { lines?: string[] };
      if (!h.requireProgram().stdout().trim()) failure.lines?.push(`Tu cliente no recibió nada: ${BOTH_WAYS_CLOSED}`, SHUT_WR);
      throw error;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function expectedReport(data: Buffer): [string, string] {
  return [`bytes: ${data.length}`, `sha256: ${createHash('sha256').update(data).digest('hex')}`];
}

/** The server half: the grader uploads and half-closes; the learner's server answers after the end, then closes. */
async function uploadFrom(h: Harness, peer: TcpPeer, data: Buffer): Promise<void> {
  h.step(`envío ${byteCount(data.length)} en trozos, con pausas, y cierro mi sentido de envío (shutdown(SHUT_WR))`);
  const sent = await sendPaced(h, peer, data, data.length ? [80, 80] : []);
  const early = peer.pending();
  if (early.length) {
    await h.fail([
      `Tu servidor respondió («${early.toString('utf8').trim()}») antes de que yo terminara de enviar.`,
      "Lee todo, hasta que recv() devuelva b'' (el cliente terminó), antes de responder y cerrar.",
    ]);
  }
  if (!sent.ok) {
    await failIfServedOneAndEnded(h, `Tu servidor cerró la conexión cuando yo solo había enviado ${byteCount(sent.sent)} de ${byteCount(data.length)}`);
    await h.fail(
      [
        `Tu servidor cerró la conexión cuando yo solo había enviado ${byteCount(sent.sent)} de ${byteCount(data.length)}.`,
        "Lee todo, hasta que recv() devuelva b'' (el cliente terminó), antes de responder y cerrar.",
      ],
      true,
    );
  }
  peer.end();
  const [size, digest] = expectedReport(data);
  for (const [expected, what] of [[size, 'la línea «bytes: ...»'], [digest, 'la línea «sha256: ...»']] as const) {
    const line = await readLine(h, peer, {
      what,
      onTimeout: ["¿Responde tu servidor cuando recv() devuelve b''? Eso es el shutdown(SHUT_WR) del cliente: ya puede responder."],
      onEof: ["Tu servidor cerró sin responder: b'' significa que el cliente terminó de enviar, no que se fue; aún puede leer tu respuesta."],
    });
    if (line !== expected) await h.fail([`Tu servidor respondió «${line}», y esperaba «${expected}».`]);
  }
  h.step('espero que tu servidor cierre la conexión');
  const closed = await peer.waitEof(CLOSE_MS, h.abort);
  if (closed === 'timeout') await h.fail([`Tu servidor respondió, pero no cerró la conexión en ${seconds(CLOSE_MS)}.`]);
  h.release(peer);
}

/** Upload then half-close: the client (shutdown(SHUT_WR), then reads the answer) and its server, chosen by MODO. */
export const subirYCerrar: TesterDefinition = {
  exerciseId: 'subir-y-cerrar',
  transport: 'tcp',
  role: 'client',
  defaultHost: '127.0.0.1',
  defaultPort: 65432,
  tests() {
    const test = (name: string, timeoutMs: number, run: (h: Harness) => Promise<void>): TestCase => ({
      name,
      timeoutMs,
      run: (h) => withExceptionAdvice({ UnicodeDecodeError: BINARY }, () => run(h)),
    });
    return [
      test('cliente: sube el archivo entero, cierra su envío con shutdown(SHUT_WR) e imprime la respuesta', STARTUP_TEST_MS + 5000, (h) =>
        uploadTo(h, randomInt(100_000, 400_000)),
      ),
      test('cliente: también con un archivo vacío', STARTUP_TEST_MS + 5000, (h) => uploadTo(h, 0)),
      test('servidor: responde «bytes» y «sha256» cuando el cliente cierra su envío, y cierra', STARTUP_TEST_MS + 5000, async (h) => {
        // The learner's server takes PUERTO: the grader stops listening there.
        h.tcpServer.close();
        setLearnerVars(h, { MODO: 'servidor' });
        h.step('arranco tu programa con MODO=servidor');
        await h.startProgram();
        h.step(`me conecto a ${h.endpoint}`);
        await uploadFrom(h, await h.connect(), randomBytes(randomInt(100_000, 300_000)));
      }),
      test('servidor: atiende otra subida, y una vacía', 10000, async (h) => {
        h.step('me conecto otra vez');
        await uploadFrom(h, await h.connect(), randomBytes(randomInt(1, 5000)));
        await uploadFrom(h, await h.connect(), Buffer.alloc(0));
      }),
    ];
  },
};
