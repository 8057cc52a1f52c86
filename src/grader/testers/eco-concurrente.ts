import { randomBytes } from 'node:crypto';
import { byteCount, firstDifference, seconds } from '../bytes-view.js';
import { pause } from '../lifecycle.js';
import { ANSWER_MS, TestFailure, type Harness } from '../harness.js';
import { closeAndExpectClose, expectBytes, sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { echoRoundTrip, echoTests } from './echo-tests.js';

const ONE_AT_A_TIME =
  'Tu servidor atiende a los clientes de uno en uno: mientras espera en recv() al primero, nadie llama a accept() ' +
  'para el segundo. Atiende a cada cliente en un hilo (threading.Thread) o vigila todos los sockets a la vez (selectors, asyncio).';
const AT_ONCE_RULE = 'Atender a varios clientes a la vez';
const SLOW_READER_RULE = 'No perder nada aunque un cliente tarde en leer su eco';
const SLOW_READER_BYTES = 6 * 1024 * 1024;

/** The silent client was dropped by the server while it waited: a time limit, not concurrency. */
async function failIfDropped(h: Harness, silent: TcpPeer): Promise<void> {
  if (!silent.peerEnded && !silent.reset) return;
  const after = silent.endedAt ? ` a los ${seconds(silent.endedAt - silent.openedAt)}` : '';
  await h.fail([
    `Tu servidor cerró${after} la conexión del cliente A, que estaba conectado sin enviar nada.`,
    '¿Le pone un tiempo de espera (settimeout) y lo echa para atender al siguiente? Eso no es atender a la vez: ' +
      'el cliente callado debe seguir conectado. Atiende a cada cliente en un hilo, o con selectors o asyncio.',
  ]);
}

/**
 * Sends several MB without reading, and reads once our sends stall (the buffers on both sides
 * are full): a server that ignores what send() returns drops what did not fit, and the echo has
 * holes. Bounded: the stall is seen within a second or two, the echo is judged on its progress.
 */
async function slowReader(h: Harness): Promise<void> {
  const data = randomBytes(SLOW_READER_BYTES);
  const peer = await h.connect();
  peer.holdReading();
  h.step(`envío ${byteCount(data.length)} sin leer el eco; empiezo a leer cuando ya no puedo enviar más`);
  let written = false as boolean; // set by the write's callback, while the loop below waits
  const writing = peer.write(data).then((error) => ((written = true), error));
  let last = peer.unsentBytes;
  for (let still = 0, rounds = 0; !written && still < 4 && rounds < 60; rounds++) {
    await pause(50, h.signal);
    h.checkAborted();
    still = peer.unsentBytes === last ? still + 1 : 0;
    last = peer.unsentBytes;
  }
  // It took everything while we read nothing: what it could not send must be held somewhere, or it was lost.
  const tookAllWhileWeWaited = written;
  h.step(`leo el eco de ${byteCount(data.length)}`);
  peer.releaseReading();
  const outcome = await peer.waitForBytes(data.length, ANSWER_MS, h.abort);
  const got = peer.take(Math.min(data.length, peer.pending().length));
  if (outcome === 'ok' && got.equals(data)) {
    const error = await writing;
    if (error) await h.fail([`No pude terminar de enviar: la conexión falló (${error}).`], true);
    await closeAndExpectClose(h, peer);
    return;
  }
  const at = firstDifference(data, got);
  const holes = at >= 0 && at < got.length;
  const sendAdvice =
    'send() puede enviar solo una parte y devuelve cuántos bytes envió; usa sendall(), o guarda lo que falta y envíalo cuando el socket se pueda escribir (selectors.EVENT_WRITE).';
  if (holes || (tookAllWhileWeWaited && outcome === 'timeout')) {
    await h.fail([
      holes
        ? `El eco de ${byteCount(data.length)} llegó con huecos: desde el byte ${at + 1} lo que llega salta a datos posteriores (recibí ${byteCount(got.length)}).`
        : `Tu servidor leyó los ${byteCount(data.length)} mientras yo no leía nada, pero del eco solo llegaron ${byteCount(got.length)}, y nada más en ${seconds(ANSWER_MS)}.`,
      `Tu servidor perdió datos mientras el cliente tardaba en leer: send() no envió todo. ${sendAdvice}`,
    ]);
  }
  await h.fail(
    [`Del eco de ${byteCount(data.length)} solo llegaron ${byteCount(got.length)}${outcome === 'timeout' ? ` y nada más en ${seconds(ANSWER_MS)}` : ''}.`],
    outcome !== 'timeout',
    [`¿Deja tu servidor de leer a un cliente cuando no puede enviarle? Lo que no se pudo enviar hay que enviarlo después, sin perderlo: ${sendAdvice}`],
  );
}

/**
 * Concurrency, without the hole CodeCrafters' tester had (a sequential server passing): the first
 * client connects and stays silent for the whole test, so a server that serves clients one after
 * another can never answer the second.
 */
const concurrencyTests: () => TestCase[] = () => [
  {
    name: 'atiende a otro cliente mientras uno está conectado y callado',
    rule: AT_ONCE_RULE,
    hint: 'Atiende a cada cliente en su propio hilo: threading.Thread(target=atender, args=(conn,)).start() justo después de accept().',
    timeoutMs: 10000,
    async run(h: Harness) {
      h.step('cliente A: me conecto y no envío nada');
      const silent = await h.connect();
      h.step('cliente B: me conecto mientras A sigue callado, envío un mensaje y espero el eco');
      const other = await h.connect();
      const text = Buffer.from(h.randomText('Soy B'));
      try {
        await sendBytes(h, other, text);
        await expectBytes(h, other, text, {
          what: 'el eco del cliente B',
          onTimeout: [ONE_AT_A_TIME],
          onEof: ["¿Llama tu servidor a recv() una sola vez? Repite recv() en un bucle hasta que devuelva b''."],
        });
      } catch (error) {
        // B was queued on a listening socket that the server closed since: that is the cause, not recv().
        const stopped = error instanceof TestFailure ? await h.stoppedListeningLines() : [];
        if (stopped.length) throw new TestFailure([(error as TestFailure).lines[0]!, ...stopped], (error as TestFailure).exception);
        throw error;
      }
      h.step('cliente B: cierro y espero que tu servidor cierre su conexión');
      await closeAndExpectClose(h, other);
      await failIfDropped(h, silent);
      h.step('cliente A: por fin envío un mensaje y espero el eco');
      await echoRoundTrip(h, silent, Buffer.from(h.randomText('Soy A, el callado')), 'el mensaje de A');
      await closeAndExpectClose(h, silent);
    },
  },
  {
    name: 'atiende a tres clientes a la vez sin mezclar sus mensajes',
    rule: 'los mensajes de clientes distintos no se mezclan',
    timeoutMs: 10000,
    async run(h: Harness) {
      const names = ['A', 'B', 'C'];
      const peers: TcpPeer[] = [];
      for (const name of names) {
        h.step(`cliente ${name}: me conecto`);
        peers.push(await h.connect());
      }
      for (const round of [1, 2]) {
        // Everyone sends before anyone reads: the answers must not cross.
        const order = round === 1 ? [2, 0, 1] : [1, 2, 0];
        const texts = names.map((name) => Buffer.from(h.randomText(`Ronda ${round}, cliente ${name}`)));
        h.step(`ronda ${round}: los tres envían un mensaje (en orden ${order.map((i) => names[i]).join(', ')}) y cada uno espera su eco`);
        for (const i of order) await sendBytes(h, peers[i]!, texts[i]!);
        for (const i of order) {
          await expectBytes(h, peers[i]!, texts[i]!, { what: `el eco del cliente ${names[i]}`, onTimeout: [ONE_AT_A_TIME] });
        }
      }
      for (const [i, peer] of peers.entries()) {
        h.step(`cliente ${names[i]}: cierro`);
        await closeAndExpectClose(h, peer);
      }
    },
  },
  {
    name: 'no pierde datos con un cliente que envía varios MB y tarda en leer su eco',
    rule: SLOW_READER_RULE,
    hint: 'send() puede enviar solo una parte de lo que le das: usa sendall(), o con selectors guarda lo pendiente y envíalo cuando el socket se pueda escribir.',
    timeoutMs: 30000,
    run: slowReader,
  },
];

/** eco-tcp, plus: while one client stays connected and silent, others are served. */
export const ecoConcurrente: TesterDefinition = {
  exerciseId: 'eco-concurrente',
  transport: 'tcp',
  role: 'server',
  defaultHost: '127.0.0.1',
  defaultPort: 65432,
  tests: () => echoTests(concurrencyTests()),
};
