import { describeBytesMismatch } from '../bytes-view.js';
import { GraderUdp } from '../grader-udp.js';
import { ANSWER_MS, CLOSE_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import { mismatchHints } from '../stream-checks.js';
import type { TestCase, TesterDefinition } from '../types.js';

const DOCUMENT_MESSAGE = 'Hola, soy un cliente UDP creado por UPP';

function expectedReply(text: string): Buffer {
  return Buffer.from(`Mensaje recibido ${text}. Gracias.`);
}

/**
 * Sends `text` to the learner's UDP server and checks the reply. When the OS could not tell us
 * the port was bound (no /proc), the datagram is resent until a reply comes: an unbound port
 * drops it.
 */
async function askAndCheck(h: Harness, text: string, bound: boolean): Promise<void> {
  const client = h.trackUdp(await GraderUdp.bind(h.host, 0));
  const payload = Buffer.from(text);
  h.step(`envío «${text}» a ${h.endpoint} y espero la respuesta`);
  let reply = undefined as Awaited<ReturnType<GraderUdp['next']>>;
  const deadline = Date.now() + ANSWER_MS + (bound ? 0 : 3000);
  while (!reply && Date.now() < deadline) {
    const error = await client.send(payload, h.port, h.host);
    if (error) await h.fail([`No pude enviar el datagrama a ${h.endpoint}: ${error}.`]);
    reply = await client.next(bound ? ANSWER_MS : 200, h.abort);
    if (h.aborted) return;
    if (!reply && h.requireProgram().exited) break;
  }
  if (!reply) {
    const program = h.requireProgram();
    await h.fail(
      [
        program.exited
          ? 'Tu programa terminó sin responder al datagrama.'
          : `Envié el datagrama y no llegó ninguna respuesta en ${ANSWER_MS / 1000} s.`,
        '¿Responde con sendto(respuesta, client_addr), usando la dirección que devolvió recvfrom()?',
      ],
      true,
    );
  }
  const expected = expectedReply(text);
  if (!reply!.data.equals(expected)) {
    await h.fail(['La respuesta no es la esperada.', ...describeBytesMismatch(expected, reply!.data), ...mismatchHints(expected, reply!.data)]);
  }
  client.close();
}

function exitTest(name: string): TestCase {
  return {
    name,
    timeoutMs: 5000,
    async run(h: Harness) {
      h.step('espero que tu programa termine');
      await h.expectCleanExit(CLOSE_MS, [
        `Tu servidor respondió, pero sigue en marcha ${CLOSE_MS / 1000} s después.`,
        'Este servidor atiende un solo datagrama: después, cierra el socket y termina (close() y break, o sin bucle).',
      ]);
    },
  };
}

/** The document's UDP server, fixed: one datagram, reply "Mensaje recibido <texto>. Gracias.", exit 0. */
export const servidorUdp: TesterDefinition = {
  exerciseId: 'servidor-udp',
  transport: 'udp',
  role: 'server',
  defaultHost: 'localhost',
  defaultPort: 9999,
  tests() {
    let bound = false;
    return [
      {
        name: 'se enlaza (bind) a HOST:PUERTO por UDP',
        timeoutMs: STARTUP_TEST_MS,
        async run(h: Harness) {
          h.step('arranco tu programa');
          await h.startProgram();
          h.step(`espero que enlace un socket UDP a ${h.endpoint}`);
          bound = await h.waitUdpBound();
        },
      },
      {
        name: 'responde “Mensaje recibido <texto>. Gracias.” al mensaje del documento',
        timeoutMs: 8000,
        async run(h: Harness) {
          await askAndCheck(h, DOCUMENT_MESSAGE, bound);
        },
      },
      exitTest('termina (código 0) después de responder'),
      {
        name: 'responde a otro texto, con tildes y eñes',
        timeoutMs: STARTUP_TEST_MS + 5000,
        async run(h: Harness) {
          h.step('arranco tu programa otra vez');
          await h.startProgram();
          h.step(`espero que enlace un socket UDP a ${h.endpoint}`);
          bound = await h.waitUdpBound();
          await askAndCheck(h, h.randomText('¿Qué tal, servidor?'), bound);
        },
      },
      exitTest('vuelve a terminar (código 0) después de responder'),
    ];
  },
};
