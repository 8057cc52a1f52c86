import { describeBytesMismatch } from '../bytes-view.js';
import { GraderUdp, type Datagram } from '../grader-udp.js';
import { ANSWER_MS, CLOSE_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import { encodingHint, truncatedDatagramHint } from '../reply-diagnosis.js';
import { mismatchHints } from '../stream-checks.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { environmentTests } from './environment-tests.js';

const DOCUMENT_MESSAGE = 'Hola, soy un cliente UDP creado por UPP';
const template = (text: string): string => `Mensaje recibido ${text}. Gracias.`;

/** What the program's replies were in this run of the tests (a reply that ignores the text shows here). */
interface Replies {
  seen: { sent: string; reply: Buffer }[];
}

/**
 * Sends `text` to the learner's UDP server and checks the reply: one datagram, built from the
 * text. When the OS could not tell us the port was bound (no /proc), the datagram is resent until
 * a reply comes: an unbound port drops it. Datagrams that follow the reply (before the program
 * ends) are the reply split, or sent twice.
 */
async function askAndCheck(h: Harness, text: string, bound: boolean, replies: Replies): Promise<void> {
  const client = h.trackUdp(await GraderUdp.bind(h.host, 0));
  const payload = Buffer.from(text);
  h.step(`envío «${text}» a ${h.endpoint} y espero la respuesta`);
  let reply: Datagram | undefined;
  const deadline = Date.now() + ANSWER_MS + (bound ? 0 : 3000);
  while (!reply && Date.now() < deadline) {
    const error = await client.send(payload, h.port, h.host);
    if (error) await h.fail([`No pude enviar el datagrama a ${h.endpoint}: ${error}.`]);
    reply = await client.next(bound ? ANSWER_MS : 200, h.abort);
    h.checkAborted();
    if (!reply && h.requireProgram().exited) break;
  }
  if (!reply) {
    await h.fail(
      [
        h.requireProgram().exited ? 'Tu programa terminó sin responder al datagrama.' : `Envié el datagrama y no llegó ninguna respuesta en ${ANSWER_MS / 1000} s.`,
        '¿Responde con sendto(respuesta, client_addr), usando la dirección que devolvió recvfrom()?',
      ],
      true,
    );
  }
  const expected = Buffer.from(template(text));
  const got = reply!.data;
  // Whatever else it sends comes before it ends (it must end after replying).
  await h.requireProgram().waitEnd(CLOSE_MS);
  const more: Buffer[] = [];
  for (let next = await client.next(0); next; next = await client.next(0)) more.push(next.data);
  client.close();
  if (!got.equals(expected)) {
    const joined = Buffer.concat([got, ...more]);
    if (more.length && joined.equals(expected)) {
      await h.fail([
        `Tu servidor envió la respuesta partida en ${more.length + 1} datagramas; debía ser uno solo.`,
        'En UDP cada sendto() es un datagrama aparte: arma la respuesta entera y envíala con un solo sendto().',
      ]);
    }
    const previous = replies.seen.find((seen) => seen.sent !== text && seen.reply.equals(got));
    await h.fail([
      'La respuesta no es la esperada.',
      ...describeBytesMismatch(expected, got),
      ...(previous
        ? [`Es la misma respuesta que dio a «${previous.sent}»: no depende de lo que recibe. Construye la respuesta con el texto del datagrama recibido.`]
        : []),
      ...truncatedDatagramHint(payload, got, template),
      ...(encodingHint(expected, got).length ? encodingHint(expected, got) : mismatchHints(expected, got)),
    ]);
  }
  replies.seen.push({ sent: text, reply: got });
  if (more.length) {
    await h.fail([`Tu servidor respondió bien, y después envió ${more.length === 1 ? 'otro datagrama' : `${more.length} datagramas más`}; debía enviar uno solo.`]);
  }
}

function exitTest(name: string): TestCase {
  return {
    name,
    rule: 'Cerrar el socket y terminar con código 0',
    hint: 'Este servidor atiende un solo datagrama: después, mi_socket.close() y el programa termina (sin while True).',
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
    const replies: Replies = { seen: [] };
    const wholeSession = async (h: Harness): Promise<void> => {
      await askAndCheck(h, h.randomText('Desde otro puerto'), await h.waitUdpBound(), replies);
      await h.expectCleanExit(CLOSE_MS, [`Tu servidor respondió, pero sigue en marcha ${CLOSE_MS / 1000} s después.`]);
    };
    return [
      {
        name: 'se vincula (bind) a HOST:PUERTO por UDP (y solo ahí)',
        rule: 'Vincular (bind) un socket UDP a HOST:PUERTO, y solo ahí',
        hint: 'mi_socket.bind((direccion, puerto)), con los valores de HOST y PUERTO.',
        timeoutMs: STARTUP_TEST_MS,
        async run(h: Harness) {
          h.step('arranco tu programa');
          await h.startProgram();
          h.step(`espero que enlace un socket UDP a ${h.endpoint}`);
          bound = await h.waitUdpBound();
        },
      },
      {
        name: 'responde «Mensaje recibido <texto>. Gracias.» al mensaje del documento',
        rule: 'Recibir un datagrama y contestar al remitente con un datagrama que diga exactamente Mensaje recibido <texto>. Gracias.',
        hint: "La respuesta es texto hecho con el texto recibido: 'Mensaje recibido {}. Gracias.'.format(msg.decode()).encode().",
        timeoutMs: 8000,
        async run(h: Harness) {
          await askAndCheck(h, DOCUMENT_MESSAGE, bound, replies);
        },
      },
      exitTest('termina (código 0) después de responder'),
      {
        name: 'responde a otro texto, con tildes y eñes',
        rule: 'donde <texto> es el mensaje recibido, como texto (decodificado en UTF-8)',
        hint: "Decodifica lo recibido con msg.decode() (UTF-8) y codifica la respuesta con .encode().",
        timeoutMs: STARTUP_TEST_MS + 5000,
        async run(h: Harness) {
          h.step('arranco tu programa otra vez');
          await h.startProgram();
          h.step(`espero que enlace un socket UDP a ${h.endpoint}`);
          bound = await h.waitUdpBound();
          await askAndCheck(h, h.randomText('¿Qué tal, servidor?'), bound, replies);
        },
      },
      exitTest('vuelve a terminar (código 0) después de responder'),
      ...environmentTests(wholeSession, { host: 'localhost', port: 9999 }),
    ];
  },
};
