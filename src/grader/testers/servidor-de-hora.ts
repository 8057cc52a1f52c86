import { tcpEntriesOnPort } from '../learner-sockets.js';
import { STARTUP_TEST_MS, type Harness } from '../harness.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { withExceptionAdvice } from './exception-advice.js';
import { minuteStamp, useLearnerTimeZone } from './learner-clock.js';
import { readLine } from './line-reader.js';
import { expectServerClosesFirst } from './server-closes-first.js';

const REUSE =
  'Las conexiones que tu servidor cerró primero dejaron su puerto en TIME_WAIT (unos 60 s), y un bind() sin SO_REUSEADDR falla mientras dure. ' +
  'Antes de bind(): s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1).';
const CLOSE_FIRST =
  'En este protocolo el servidor cierra primero: envía la línea y cierra la conexión (conn.close(), o sal del with conn:), sin esperar a que el cliente hable ni cierre.';

/** Every minute from `before` to `after`, as the program would print it. */
function minutesBetween(before: Date, after: Date, zone: string | undefined): string[] {
  const stamps = new Set<string>();
  for (let at = before.getTime(); at < after.getTime() + 60_000; at += 60_000) stamps.add(minuteStamp(new Date(Math.min(at, after.getTime())), zone));
  return [...stamps];
}

/** The line must be `AAAA-MM-DD hh:mm`, the computer's local time, give or take the minute that may turn meanwhile. */
function timeProblems(line: string, before: Date, after: Date, zone: string | undefined): string[] {
  const stamp = (date: Date): string => minuteStamp(date, zone);
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(line)) {
    const hints = [`Esperaba la fecha y la hora con el formato AAAA-MM-DD hh:mm, p. ej. «${stamp(after)}»: datetime.now().strftime('%Y-%m-%d %H:%M').`];
    if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/.test(line)) hints.push('Sobran los segundos (y lo que sigue): solo hora y minutos.');
    return hints;
  }
  if (minutesBetween(before, after, zone).includes(line)) return [];
  const utc = minuteStamp(after, 'UTC');
  return [
    `Esperaba la hora local${zone ? ` (tu programa corre con TZ=${zone})` : ''}, «${stamp(after)}».`,
    line === utc
      ? 'Esa es la hora UTC: usa la hora local, datetime.datetime.now() (no utcnow() ni timezone.utc).'
      : '¿La calculas en cada conexión, con datetime.datetime.now()?',
  ];
}

async function askTheTime(h: Harness, label: string, zone: string | undefined): Promise<void> {
  h.step(`${label}: me conecto y espero una línea con la fecha y la hora`);
  // Before connecting: the server may read its clock as it accepts, before our connect() returns.
  const before = new Date();
  const peer = await h.connect();
  const line = await readLine(h, peer, {
    what: 'la línea con la fecha y la hora',
    onTimeout: ['Este servidor habla primero: en cuanto acepta la conexión, envía la línea (con su \\n al final) sin esperar nada del cliente.'],
  });
  const problems = timeProblems(line, before, new Date(), zone);
  if (problems.length) await h.fail([`Tu servidor envió «${line}».`, ...problems]);
  h.step(`${label}: sin cerrar mi lado, espero que tu servidor cierre la conexión`);
  await expectServerClosesFirst(h, peer, 'Después de la línea', [CLOSE_FIRST]);
}

/** The daytime server: `AAAA-MM-DD hh:mm\n` to each client and close first; restartable at once (SO_REUSEADDR). */
export const servidorDeHora: TesterDefinition = {
  exerciseId: 'servidor-de-hora',
  transport: 'tcp',
  role: 'server',
  defaultHost: '127.0.0.1',
  defaultPort: 65434,
  timeWaitExpected: true,
  tests() {
    let zone: string | undefined;
    const tests: TestCase[] = [
      {
        name: 'envía a un cliente la fecha y la hora (AAAA-MM-DD hh:mm) y cierra primero',
        timeoutMs: STARTUP_TEST_MS,
        async run(h) {
          zone = useLearnerTimeZone(h);
          h.step(`arranco tu programa${zone ? ` (con TZ=${zone}: la hora local es la de Bogotá)` : ''}`);
          await h.startProgram();
          await askTheTime(h, 'cliente 1', zone);
        },
      },
      {
        name: 'atiende a varios clientes, uno detrás de otro',
        timeoutMs: 10000,
        async run(h) {
          for (const n of [2, 3, 4]) await askTheTime(h, `cliente ${n}`, zone);
        },
      },
      {
        name: 'se puede reiniciar enseguida, con el puerto en TIME_WAIT (SO_REUSEADDR)',
        timeoutMs: STARTUP_TEST_MS + 5000,
        run: (h) =>
          withExceptionAdvice({ 'Address already in use': REUSE }, async () => {
            const states = await tcpEntriesOnPort(h.port);
            h.step(
              states?.includes('TIME_WAIT')
                ? `detengo tu programa y lo arranco otra vez enseguida (el puerto ${h.port} está en TIME_WAIT)`
                : 'detengo tu programa y lo arranco otra vez enseguida',
            );
            await h.startProgram();
            await askTheTime(h, 'tras reiniciar, cliente 1', zone);
            await askTheTime(h, 'tras reiniciar, cliente 2', zone);
          }),
      },
    ];
    return tests;
  },
};
