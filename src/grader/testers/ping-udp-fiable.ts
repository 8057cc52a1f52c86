import { seconds } from '../bytes-view.js';
import { SOCK_DGRAM } from '../audit-hook.js';
import type { Datagram } from '../grader-udp.js';
import { CLOSE_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { ArrivalClock } from './arrival-clock.js';
import { setLearnerVars } from './learner-vars.js';
import { SeededRandom } from './seeded-random.js';

const LIMIT_MS = 500;
const SENDS = 4; // the first one and 3 retries
/** What the grader does with each ping: answer, lose the first send, answer twice, answer late, or never. */
type Plan = 'responde' | 'pierde-el-primero' | 'duplica' | 'tarda' | 'pierde-todos';

interface Exchange {
  plans: Plan[];
  sends: number[][];
  seed: number;
  /** Started before the program, so that it sees every datagram the program sends. */
  clock?: ArrivalClock;
}

const CHECK_NUMBER = 'Comprueba que el número del PONG es el del PING que esperas, e ignora los demás.';
const expectedLine = (seq: number, plan: Plan): string => `ping ${seq}: ${plan === 'pierde-todos' ? 'sin respuesta' : 'respuesta'}`;

/**
 * Faults in a seeded order, one of each kind at least. A lost ping always follows a duplicated
 * one: a client that takes any PONG then takes the extra copy for the lost ping's answer, on
 * every seed.
 */
function planFor(random: SeededRandom, count: number): Plan[] {
  const extra = Array.from({ length: count - 5 }, (): Plan => (random.next() < 0.5 ? 'responde' : 'duplica'));
  const rest = random.shuffle<Plan>(['pierde-el-primero', 'tarda', ...extra]);
  rest.splice(random.int(0, rest.length + 1), 0, 'duplica', 'pierde-todos');
  return ['responde', ...rest];
}

/**
 * Plays the server with faults: answers (or not) each `PING n` as its plan says, checks the
 * client's side of the protocol as it goes (format, order, retries, waiting between them), until
 * the client has sent its last ping and gone quiet or ended.
 */
async function serve(h: Harness, exchange: Exchange, first: Datagram): Promise<void> {
  const { plans, sends } = exchange;
  const where = `(semilla ${exchange.seed}; para repetir estas mismas pérdidas: TALLER_SOCKETS_SEMILLA=${exchange.seed})`;
  const late: NodeJS.Timeout[] = [];
  let pendingStale: number | undefined;
  let datagram: Datagram | undefined = first;
  let current = 1;
  const answered = new Set<number>();
  /** Answers sent that the client must ignore (repeated, late, for a ping it gave up). */
  let stray = 0;
  const clock = exchange.clock!;
  let previousStalled = true;
  /** Datagrams taken so far, this one included: the index of this one in the client's own sends. */
  let taken = 0;
  try {
    while (datagram) {
      taken++;
      const text = datagram.data.toString('utf8');
      const match = /^PING (\d+)$/.exec(text);
      if (!match) await h.fail([`Tu cliente envió «${text}»: cada datagrama es «PING <número>», sin salto de línea.`]);
      const seq = Number(match![1]);
      if (seq < 1 || seq > plans.length) await h.fail([`Tu cliente envió «PING ${seq}»: los números van de 1 a ${plans.length} (VECES=${plans.length}).`]);
      if (seq < current || seq > current + 1 || (current === 1 && sends[0]!.length === 0 && seq !== 1)) {
        await h.fail([`Tu cliente envió «PING ${seq}» cuando le tocaba el ${current}: un ping detrás de otro, en orden, empezando por 1.`, where]);
      }
      if (seq === current + 1) {
        if (!answered.has(current) && sends[current - 1]!.length < SENDS) {
          const count = sends[current - 1]!.length;
          // Moving on before its time limit was up: it took a stray answer for this one. By the client's own
          // clock that is any wait under 0,5 s (a stray may reach it late when the grader stalls); by ours,
          // with room for our own lag.
          const ownWait = ownGap(h, taken);
          const tookStray = stray > 0 && (ownWait !== undefined ? ownWait < LIMIT_MS - 10 : Date.now() - sends[current - 1]!.at(-1)! < LIMIT_MS * 0.8);
          await h.fail([
            `Tu cliente pasó a «PING ${seq}» después de enviar «PING ${current}» ${count} ${count === 1 ? 'vez' : 'veces'}, sin que yo le respondiera.`,
            tookStray
              ? `Antes le llegaron respuestas repetidas o atrasadas de otros pings: ¿tomó una como respuesta? ${CHECK_NUMBER}`
              : 'Si se agota el tiempo, reenvía el mismo ping (hasta 3 reintentos) antes de darlo por perdido.',
            where,
          ]);
        }
        current = seq;
      }
      const times = sends[seq - 1]!;
      const arrival = clock.take();
      const now = arrival.at;
      const trusted = !arrival.stalled && !previousStalled;
      previousStalled = arrival.stalled;
      // The gap by the client's own clock when known; else by ours, only when it was not stalled.
      const resentAfter = times.length ? (ownGap(h, taken) ?? (trusted ? now - times.at(-1)! : undefined)) : undefined;
      if (resentAfter !== undefined && resentAfter < LIMIT_MS * 0.6) {
        await h.fail([
          `Tu cliente reenvió «PING ${seq}» a los ${resentAfter} ms: antes de reenviar, espera la respuesta ${seconds(LIMIT_MS)} (settimeout(0.5)).`,
          where,
        ]);
      }
      times.push(now);
      if (times.length > SENDS) await h.fail([`Tu cliente envió «PING ${seq}» ${times.length} veces: son como mucho ${SENDS} (el primero y 3 reintentos).`, where]);
      const to = datagram.from;
      const reply = (n: number): Promise<string | undefined> => {
        // Every answer after the first for a ping is one the client must ignore: the planned
        // duplicates and late ones, and those to the resends of a client that did not hear us in
        // time (a loaded machine).
        if (answered.has(n)) stray++;
        answered.add(n);
        return h.udpServer.send(Buffer.from(`PONG ${n}`), to.port, to.address);
      };
      if (pendingStale !== undefined && pendingStale < seq) {
        // The answer to a ping given up for lost arrives now, before this one's: it must be ignored.
        await reply(pendingStale);
        stray++;
        pendingStale = undefined;
      }
      const plan = plans[seq - 1]!;
      const attempt = times.length;
      if (plan === 'responde' || (plan === 'pierde-el-primero' && attempt > 1) || (plan === 'tarda' && attempt > 1)) await reply(seq);
      else if (plan === 'duplica') {
        await reply(seq);
        await reply(seq);
      } else if (plan === 'tarda') {
        late.push(setTimeout(() => void reply(seq), LIMIT_MS + 300));
      }
      else if (plan === 'pierde-todos' && attempt === SENDS) pendingStale = seq;
      const wait = LIMIT_MS * (SENDS + 1) + 2000;
      datagram = await nextFromClient(h, wait);
      if (!datagram && !h.requireProgram().exited) {
        const done = current === plans.length;
        if (!done) {
          await h.fail([
            `Tu cliente dejó de enviar en «PING ${current}» (${sends[current - 1]!.length} ${sends[current - 1]!.length === 1 ? 'vez' : 'veces'}) y sigue en marcha ${seconds(wait)} después.`,
            plans[current - 1] === 'responde' || attempt === 1
              ? '¿Espera con un tiempo de espera (settimeout(0.5)) y reenvía si se agota?'
              : `¿Ignora las respuestas que no son «PONG ${current}»? Las repetidas o atrasadas no cuentan; si se agota el tiempo, reenvía.`,
            where,
          ]);
        }
      }
    }
  } finally {
    for (const timer of late) clearTimeout(timer);
    clock.stop();
  }
  for (const [index, plan] of plans.entries()) {
    const count = sends[index]!.length;
    if (plan === 'pierde-todos' && count < SENDS) {
      await h.fail([
        `Nunca respondí a «PING ${index + 1}», y tu cliente lo envió solo ${count} ${count === 1 ? 'vez' : 'veces'}: debía reintentarlo 3 veces (4 envíos) antes de darlo por perdido.`,
        ...(stray > 0 ? [`Le llegaron respuestas repetidas o atrasadas de otros pings: ¿tomó una como respuesta? ${CHECK_NUMBER}`] : []),
        where,
      ]);
    }
    if (count === 0) await h.fail([`Tu cliente no envió «PING ${index + 1}»: debía enviar ${plans.length} pings (VECES=${plans.length}).`, where]);
  }
}

/**
 * When the client sent its n-th datagram to the grader, by its own clock (the audit hook sees
 * every sendto(); on loopback they arrive in the order sent): unlike the grader's arrival times,
 * never bunched up by the grader's own stalls. Undefined where it is not known.
 */
function clientSentAt(h: Harness, n: number): number | undefined {
  return h.auditEvents('sendto', SOCK_DGRAM).filter((event) => event.port === h.port)[n]?.at;
}

/** How long the client waited between its datagram number `taken` and the one before, by its own clock. */
function ownGap(h: Harness, taken: number): number | undefined {
  if (taken < 2) return undefined;
  const [before, now] = [clientSentAt(h, taken - 2), clientSentAt(h, taken - 1)];
  return before === undefined || now === undefined ? undefined : now - before;
}

/** The client's next datagram, or undefined once it has ended (or after `ms`), looking in short steps. */
async function nextFromClient(h: Harness, ms: number): Promise<Datagram | undefined> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !h.aborted) {
    const datagram = await h.udpServer.next(100, h.abort);
    if (datagram) return datagram;
    if (h.requireProgram().exited) return h.udpServer.next(50, h.abort);
  }
  return undefined;
}

/** A reliable UDP ping: sequence numbers, a time limit and up to 3 retries, ignoring duplicate and late answers. */
export const pingUdpFiable: TesterDefinition = {
  exerciseId: 'ping-udp-fiable',
  transport: 'udp',
  role: 'client',
  defaultHost: '127.0.0.1',
  defaultPort: 9999,
  tests() {
    const random = SeededRandom.fromEnvironment();
    const count = random.int(6, 9);
    const exchange: Exchange = { plans: planFor(random, count), sends: Array.from({ length: count }, () => []), seed: random.seed };
    let first: Datagram;
    const tests: TestCase[] = [
      {
        name: 'envía «PING 1» a HOST:PUERTO',
        timeoutMs: STARTUP_TEST_MS,
        async run(h) {
          setLearnerVars(h, { VECES: String(count) });
          exchange.clock = new ArrivalClock(h.udpServer);
          h.step(`arranco tu programa con VECES=${count}`);
          await h.startProgram();
          h.step(`espero su datagrama en ${h.endpoint}`);
          first = await h.receiveDatagram();
        },
      },
      {
        name: 'completa la serie con pérdidas, duplicados, retrasos y desorden: un ping detrás de otro, hasta 3 reintentos',
        timeoutMs: 30000,
        async run(h) {
          h.step(`hago de servidor con fallos (semilla ${exchange.seed}): ${exchange.plans.map((plan, i) => `${i + 1} ${plan}`).join(', ')}`);
          await serve(h, exchange, first);
        },
      },
      {
        name: 'imprime por cada ping «respuesta» o «sin respuesta», y termina con código 0',
        timeoutMs: 8000,
        async run(h) {
          h.step('espero que tu programa termine y miro lo que imprimió');
          await h.expectCleanExit(CLOSE_MS, [`Tu cliente envió todos los pings, pero sigue en marcha ${seconds(CLOSE_MS)} después.`]);
          const printed = h.requireProgram().stdout().split('\n').map((line) => line.trim()).filter((line) => line.startsWith('ping '));
          for (const [index, plan] of exchange.plans.entries()) {
            const expected = expectedLine(index + 1, plan);
            const got = printed.find((line) => line.startsWith(`ping ${index + 1}:`));
            if (got === expected) continue;
            const lines = [got ? `Tu programa imprimió «${got}», y debía imprimir «${expected}».` : `Tu programa no imprimió la línea «${expected}».`];
            if (got && plan === 'pierde-todos') {
              lines.push(`Nunca respondí a «PING ${index + 1}»: la respuesta que tomó era de otro ping (repetida o atrasada). ${CHECK_NUMBER}`);
            } else if (got) {
              lines.push(`Sí respondí a «PING ${index + 1}» (${exchange.plans[index]}).`);
            }
            await h.fail([...lines, `(semilla ${exchange.seed})`]);
          }
        },
      },
    ];
    return tests;
  },
};
