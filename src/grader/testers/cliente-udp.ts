import { describeBytesMismatch, shortBytes } from '../bytes-view.js';
import type { Datagram } from '../grader-udp.js';
import { CLOSE_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import { expectPrintedLine } from '../output-checks.js';
import { mismatchHints } from '../stream-checks.js';
import type { TesterDefinition } from '../types.js';
import { environmentTests } from './environment-tests.js';

const MESSAGE = Buffer.from('Hola, soy un cliente UDP creado por UPP');

async function expectMessage(h: Harness, datagram: Datagram): Promise<void> {
  if (!datagram.data.equals(MESSAGE)) {
    await h.fail(['El datagrama no dice lo esperado.', ...describeBytesMismatch(MESSAGE, datagram.data), ...mismatchHints(MESSAGE, datagram.data)]);
  }
}

async function answerAndExpectPrinted(h: Harness, datagram: Datagram, answer: string): Promise<void> {
  await h.udpServer.send(Buffer.from(answer), datagram.from.port, datagram.from.address);
  const printed = await h.waitUntilPrinted(answer, CLOSE_MS);
  if (!printed && !h.requireProgram().exited) {
    await h.fail([
      `Le respondí, pero tras ${CLOSE_MS / 1000} s tu programa no ha impreso la respuesta ni ha terminado.`,
      '¿Espera la respuesta con recv()/recvfrom() en el mismo socket con el que envió?',
    ]);
  }
  await expectPrintedLine(h, answer);
}

/** Once the program has ended, every datagram it sent is here: more than one fails, saying what came. */
async function expectNoMoreDatagrams(h: Harness, answered: boolean): Promise<void> {
  const extra: Datagram[] = [];
  for (let next = await h.udpServer.next(0); next; next = await h.udpServer.next(0)) extra.push(next);
  if (!extra.length) return;
  const same = extra.every((datagram) => datagram.data.equals(MESSAGE));
  await h.fail([
    `Tu cliente envió ${extra.length + 1} datagramas${answered ? '' : ' antes de recibir la respuesta'}; el enunciado pide uno solo.`,
    same ? 'Los demás repiten el mismo mensaje: ¿un sendto() de más, o dentro de un bucle?' : `Lo que llegó de más: ${extra.map((datagram) => shortBytes(datagram.data)).join(', ')}.`,
  ]);
}

const STAYS_RUNNING = [
  `Tu programa imprimió la respuesta, pero sigue en marcha ${CLOSE_MS / 1000} s después.`,
  'Tras recibir la respuesta, cierra el socket y termina (sin un bucle que vuelva a esperar).',
];

async function wholeSession(h: Harness): Promise<void> {
  const datagram = await h.receiveDatagram();
  await expectMessage(h, datagram);
  await answerAndExpectPrinted(h, datagram, h.randomText('Acuse de recibo del taller'));
  await h.expectCleanExit(CLOSE_MS, STAYS_RUNNING);
  await expectNoMoreDatagrams(h, true);
}

/** The document's UDP client: one datagram to HOST:PUERTO, print the answer, exit 0. */
export const clienteUdp: TesterDefinition = {
  exerciseId: 'cliente-udp',
  transport: 'udp',
  role: 'client',
  defaultHost: 'localhost',
  defaultPort: 9999,
  tests() {
    let datagram: Datagram;
    return [
      {
        name: 'envía un datagrama a HOST:PUERTO',
        rule: 'Enviar un datagrama, uno solo',
        hint: 'En UDP no hay connect(): s.sendto(mensaje.encode(), (HOST, PORT)).',
        timeoutMs: STARTUP_TEST_MS,
        async run(h: Harness) {
          h.step('arranco tu programa');
          await h.startProgram();
          h.step(`espero su datagrama en ${h.endpoint}`);
          datagram = await h.receiveDatagram();
        },
      },
      {
        name: 'el datagrama dice «Hola, soy un cliente UDP creado por UPP»',
        rule: 'con el texto Hola, soy un cliente UDP creado por UPP a HOST:PUERTO',
        timeoutMs: 3000,
        async run(h: Harness) {
          h.step('comparo el datagrama recibido');
          await expectMessage(h, datagram);
        },
      },
      {
        name: 'imprime la respuesta del servidor',
        rule: 'Recibir la respuesta del servidor e imprimirla como texto, en una línea',
        hint: 'data, addr = s.recvfrom(1024) y después print(data.decode()).',
        timeoutMs: 5000,
        async run(h: Harness) {
          const answer = h.randomText('Acuse de recibo del taller');
          h.step(`respondo «${answer}» a ${datagram.from.address}:${datagram.from.port} y espero que tu programa termine`);
          await answerAndExpectPrinted(h, datagram, answer);
        },
      },
      {
        name: 'termina con código 0, sin enviar ningún otro datagrama',
        rule: ['Cerrar el socket y terminar con código 0', 'uno solo'],
        timeoutMs: 5000,
        async run(h: Harness) {
          h.step('espero que tu programa termine');
          await h.expectCleanExit(CLOSE_MS, STAYS_RUNNING);
          h.step('miro si envió algún otro datagrama');
          await expectNoMoreDatagrams(h, true);
        },
      },
      ...environmentTests(wholeSession, { host: 'localhost', port: 9999 }),
    ];
  },
};
