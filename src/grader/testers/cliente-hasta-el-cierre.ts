import { createHash, randomBytes, randomInt } from 'node:crypto';
import { byteCount } from '../bytes-view.js';
import { CLOSE_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { withExceptionAdvice } from './exception-advice.js';
import { sendPaced } from './paced-send.js';
import { expectField, waitProgramEnd } from './printed-fields.js';

const ONLY_EMPTY_IS_END =
  "Solo b'' significa «el servidor cerró»: un recv() que devuelve menos bytes de los que pediste, o que tarda, no es el final. " +
  "Repite recv() en un bucle y sal solo cuando devuelva b''.";

const BINARY = 'Los datos son binarios (bytes cualesquiera, no texto): no los decodifiques; cuenta y resume los bytes tal cual.';

interface Served {
  data: Buffer;
  /** The connection taken by an earlier test, if any. */
  peer?: TcpPeer;
}

/** Starts the program, takes its connection, sends `data` paced, closes (FIN) and expects the client to close too. */
function serveTest(name: string, served: Served, size: () => number, pauses: number[], restart: boolean): TestCase {
  return {
    name,
    timeoutMs: STARTUP_TEST_MS + 15000,
    run: (h: Harness) => withExceptionAdvice({ UnicodeDecodeError: BINARY }, () => serve(h)),
  };
  async function serve(h: Harness): Promise<void> {
    if (restart) {
      h.step('arranco tu programa');
      await h.startProgram();
    }
    if (!served.peer) h.step(`espero su conexión en ${h.endpoint}`);
    const peer = served.peer ?? (await h.acceptClient());
    served.peer = undefined;
    served.data = randomBytes(size());
    h.step(`envío ${byteCount(served.data.length)} en trozos desiguales, con pausas, y cierro mi lado`);
    const outcome = await sendPaced(h, peer, served.data, served.data.length ? pauses : []);
    if (!outcome.ok) {
      await h.fail(
        [
          `Tu cliente cerró la conexión cuando yo solo había enviado ${byteCount(outcome.sent)} de ${byteCount(served.data.length)}` +
            (outcome.error === 'FIN' ? '.' : ` (al seguir enviando: ${outcome.error}).`),
          ONLY_EMPTY_IS_END,
        ],
        true,
      );
    }
    peer.end();
    h.step('cerré mi lado (FIN): espero que tu cliente lea hasta el final y cierre el suyo');
    const closed = await peer.waitEof(CLOSE_MS + 2000, h.abort);
    if (closed === 'timeout') {
      await h.fail([
        `Cerré mi lado, pero tu cliente no cerró el suyo en ${(CLOSE_MS + 2000) / 1000} s.`,
        "¿Sale del bucle cuando recv() devuelve b''? Después, cierra el socket (o usa with).",
      ]);
    }
    h.release(peer);
  }
}

function reportTests(served: Served, which: string): TestCase[] {
  return [
    {
      name: `imprime el tamaño y el SHA-256 de ${which}`,
      timeoutMs: 8000,
      async run(h: Harness) {
        h.step('espero que tu programa termine y miro lo que imprimió');
        await waitProgramEnd(h, [`Tu programa sigue en marcha ${CLOSE_MS / 1000} s después de que se cerrara la conexión.`]);
        const size = served.data.length;
        await expectField(h, 'bytes', String(size), (got) =>
          Number(got) < size
            ? [`Faltan ${byteCount(size - Number(got))}: dejaste de leer antes de tiempo. ${ONLY_EMPTY_IS_END}`]
            : Number(got) > size
              ? ['Cuentas más bytes de los que envié: ¿sumas el tamaño que pides a recv() en vez de len(trozo), lo que de verdad devolvió?']
              : ['Imprime solo el número de bytes, p. ej. «bytes: 1234».'],
        );
        await expectField(h, 'sha256', createHash('sha256').update(served.data).digest('hex'), () => [
          'El tamaño está bien, pero el resumen no: calcula hashlib.sha256(...) sobre todo lo recibido, con los trozos unidos en orden ' +
            "(datos += trozo, o h.update(trozo) con cada uno), e imprime .hexdigest().",
        ]);
      },
    },
    {
      name: `termina con código 0 (${which})`,
      timeoutMs: 5000,
      async run(h: Harness) {
        await h.expectCleanExit(CLOSE_MS, [`Tu programa sigue en marcha ${CLOSE_MS / 1000} s después de imprimir.`]);
      },
    },
  ];
}

/** A client that reads an answer of unknown length until b'' and reports its size and SHA-256. */
export const clienteHastaElCierre: TesterDefinition = {
  exerciseId: 'cliente-hasta-el-cierre',
  transport: 'tcp',
  role: 'client',
  defaultHost: '127.0.0.1',
  defaultPort: 65433,
  timeWaitExpected: true,
  tests() {
    const big: Served = { data: Buffer.alloc(0) };
    const empty: Served = { data: Buffer.alloc(0) };
    const first: TestCase = {
      name: 'se conecta al servidor en HOST:PUERTO',
      timeoutMs: STARTUP_TEST_MS,
      async run(h: Harness) {
        h.step('arranco tu programa');
        await h.startProgram();
        h.step(`espero su conexión en ${h.endpoint}`);
        big.peer = await h.acceptClient();
      },
    };
    return [
      first,
      // Several MB; a pause longer than the usual settimeout() and a couple of short ones.
      serveTest('lee hasta que el servidor cierra, aunque los datos lleguen en trozos y con pausas', big, () => randomInt(2, 4) * 1024 * 1024 + randomInt(1, 65536), [120, 700, 60], false),
      ...reportTests(big, 'lo recibido'),
      serveTest('también cuando el servidor cierra sin enviar nada', empty, () => 0, [], true),
      ...reportTests(empty, 'una respuesta vacía'),
    ];
  },
};
