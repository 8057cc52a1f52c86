import { randomInt } from 'node:crypto';
import { seconds } from '../bytes-view.js';
import { GraderUdp } from '../grader-udp.js';
import { ANSWER_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { isLateJoinNotice } from './chat-room.js';

const SILENCE_MS = 3000;

/** A member that has said nothing for this long says «/sigo» (see keepTalking). */
const KEEP_ALIVE_MS = 500;

interface UdpMember {
  name: string;
  socket: GraderUdp;
  joinedBefore?: Set<string>;
  lastSentAt?: number;
  /** Sends nothing of its own accord: it is leaving, or it must fall silent. */
  quiet?: boolean;
}

const SIGO_IS_NOT_A_MESSAGE = '«/sigo» solo dice «sigo aquí» (renueva el tiempo del miembro); no se responde ni se reenvía.';

async function send(h: Harness, member: UdpMember, text: string): Promise<void> {
  member.lastSentAt = Date.now();
  const error = await member.socket.send(Buffer.from(text), h.port, h.host);
  if (error) await h.fail([`No pude enviar el datagrama de ${member.name} a ${h.endpoint}: ${error}.`]);
}

/**
 * The statement drops a member silent for 3 s. The grader's members would fall silent just by
 * waiting (a test that only listens, a server slow to answer on a loaded machine): each one
 * says «/sigo» after half a second without sending, as a real client would, unless it is quiet.
 */
function keepTalking(h: Harness, members: UdpMember[]): void {
  const timer = setInterval(() => {
    const now = Date.now();
    for (const member of members) {
      if (member.quiet || now - (member.lastSentAt ?? now) < KEEP_ALIVE_MS) continue;
      member.lastSentAt = now;
      void member.socket.send(Buffer.from('/sigo'), h.port, h.host);
    }
  }, KEEP_ALIVE_MS / 4);
  timer.unref();
  h.onTeardown(() => clearInterval(timer));
}

/** Expects `member`'s next datagram to be `expected` (or to pass `accept`). */
async function hear(h: Harness, member: UdpMember, expected: string, what: string, explain: (got: string) => string[] = () => [], ms = ANSWER_MS): Promise<void> {
  let got: string;
  do {
    const datagram = await member.socket.next(ms, h.abort);
    if (!datagram) {
      await h.fail([`Esperaba ${what} («${expected}») en el socket de ${member.name} y no llegó ningún datagrama en ${seconds(ms)}.`, ...explain('')], true);
    }
    got = datagram!.data.toString('utf8');
    if (got.endsWith(': /sigo')) await h.fail([`${member.name} recibió «${got}»: ${SIGO_IS_NOT_A_MESSAGE}`]);
  } while (got !== expected && isLateJoinNotice(member.joinedBefore, got));
  if (got === expected || (expected.endsWith('...') && got.startsWith(expected.slice(0, -3)))) return;
  await h.fail([`${member.name} recibió «${got}», y esperaba ${what}: «${expected}».`, ...explain(got)]);
}

/** The chat room over UDP datagrams: names, relay to everyone else, /salir, and members that go silent. */
export const chatUdp: TesterDefinition = {
  exerciseId: 'chat-udp',
  transport: 'udp',
  role: 'server',
  defaultHost: '127.0.0.1',
  defaultPort: 9999,
  tests() {
    const names = ['zoe', 'yago', 'ximena', 'walter'].map((name) => `${name}${randomInt(10, 100)}`);
    const members: UdpMember[] = [];
    /** Every member that ever joined (the quiet ones send nothing by themselves). */
    const everyone: UdpMember[] = [];
    const byName = (name: string): UdpMember => members.find((m) => m.name === name)!;
    const [a, b, c, d] = names as [string, string, string, string];
    const ownEcho = (from: string, text: string) => (got: string): string[] =>
      got === `${from}: ${text}` ? ['Tu servidor le reenvió el mensaje también a quien lo envió: reenvíalo a todos los demás miembros, no a él.'] : [];

    async function join(h: Harness, name: string): Promise<void> {
      const member: UdpMember = { name, socket: h.trackUdp(await GraderUdp.bind(h.host, 0)), joinedBefore: new Set(members.map((m) => m.name)) };
      h.step(`${name}: envío «NOMBRE ${name}» desde ${member.socket.port} y espero «HOLA ${name}»`);
      await send(h, member, `NOMBRE ${name}`);
      everyone.push(member);
      await hear(h, member, `HOLA ${name}`, 'el saludo', () => ['¿Respondes con sendto() a la dirección que devolvió recvfrom()?']);
      for (const other of members) {
        h.step(`${other.name} debe recibir «ENTRA ${name}»`);
        await hear(h, other, `ENTRA ${name}`, `el aviso de que entró ${name}`, () => ['Guarda a cada miembro (nombre y dirección) y avisa a todos los demás cuando entra alguien.']);
      }
      members.push(member);
    }

    async function relay(h: Harness, from: string, text: string): Promise<void> {
      h.step(`${from}: envío «${text}»`);
      await send(h, byName(from), text);
      for (const other of members.filter((m) => m.name !== from)) {
        h.step(`${other.name} debe recibir «${from}: ${text}»`);
        await hear(h, other, `${from}: ${text}`, `el mensaje de ${from}`, ownEcho(from, text));
      }
    }

    const tests: TestCase[] = [
      {
        name: 'se vincula a HOST:PUERTO por UDP y saluda a quien envía «NOMBRE x»',
        timeoutMs: STARTUP_TEST_MS,
        async run(h) {
          h.step('arranco tu programa');
          await h.startProgram();
          h.step(`espero que vincule un socket UDP a ${h.endpoint}`);
          await h.waitUdpBound();
          keepTalking(h, everyone);
          await join(h, a);
        },
      },
      {
        name: 'avisa a los miembros cuando entra alguien',
        timeoutMs: 8000,
        async run(h) {
          await join(h, b);
          await join(h, c);
        },
      },
      {
        name: 'reenvía cada mensaje a todos los demás, con el nombre de quien habla, y no a él',
        timeoutMs: 8000,
        async run(h) {
          const text = h.randomText('Hola, sala');
          await relay(h, a, text);
          // a's next datagram must be b's message: had a received its own, that would come first.
          const answer = h.randomText('Te leo');
          h.step(`${b}: respondo «${answer}»; ${a} debe recibirlo, y nada antes`);
          await send(h, byName(b), answer);
          await hear(h, byName(a), `${b}: ${answer}`, `el mensaje de ${b}`, ownEcho(a, text));
          await hear(h, byName(c), `${b}: ${answer}`, `el mensaje de ${b}`);
        },
      },
      {
        name: 'responde ERROR a quien habla sin haber dado su nombre, y no lo reenvía',
        timeoutMs: 8000,
        async run(h) {
          const stranger: UdpMember = { name: 'un desconocido', socket: h.trackUdp(await GraderUdp.bind(h.host, 0)) };
          h.step('un desconocido envía «hola» sin haber dado su nombre');
          await send(h, stranger, 'hola');
          await hear(h, stranger, 'ERROR ...', 'una respuesta «ERROR ...»', () => ['A quien no ha enviado «NOMBRE x», responde «ERROR ...» y no reenvíes nada.']);
          const text = h.randomText('Sigo yo');
          await relay(h, c, text).catch((error: unknown) => {
            (error as { lines?: string[] }).lines?.push('¿Reenviaste el mensaje del desconocido? Solo los miembros hablan en la sala.');
            throw error;
          });
        },
      },
      {
        name: '/salir despide al miembro y avisa a los demás',
        timeoutMs: 8000,
        async run(h) {
          h.step(`${c}: envío «/salir» y espero «ADIOS ${c}»`);
          byName(c).quiet = true;
          await send(h, byName(c), '/salir');
          await hear(h, byName(c), `ADIOS ${c}`, 'la despedida');
          members.splice(members.indexOf(byName(c)), 1);
          for (const other of members) await hear(h, other, `SALE ${c}`, `el aviso de que ${c} se fue`);
        },
      },
      {
        name: `saca de la sala a quien lleva ${SILENCE_MS / 1000} s sin enviar nada, y avisa a los demás`,
        timeoutMs: SILENCE_MS + 10000,
        async run(h) {
          const silent = byName(b);
          silent.quiet = true;
          const talker = byName(a);
          h.step(`${b} se calla sin despedirse; ${a} envía «/sigo» cada medio segundo y espera «SALE ${b}»`);
          const deadline = Date.now() + SILENCE_MS + 2500;
          for (;;) {
            await send(h, talker, '/sigo');
            const datagram = await talker.socket.next(500, h.abort);
            if (datagram) {
              const got = datagram.data.toString('utf8');
              if (got === `SALE ${b}`) break;
              await h.fail([`${a} recibió «${got}» mientras esperaba «SALE ${b}»: «/sigo» solo dice «sigo aquí», no se responde ni se reenvía.`]);
            }
            if (Date.now() > deadline) {
              await h.fail([
                `${b} lleva ${seconds(SILENCE_MS + 2500)} sin enviar nada y sigue en la sala: UDP no avisa cuando alguien se va.`,
                `Guarda cuándo habló cada miembro por última vez; cada poco (recvfrom con settimeout), saca a los que lleven más de ${SILENCE_MS / 1000} s callados y avisa «SALE x».`,
              ]);
            }
          }
          members.splice(members.indexOf(silent), 1);
          // What reached the silent one meanwhile: «/sigo» is not a message to relay.
          for (let datagram = await silent.socket.next(0); datagram; datagram = await silent.socket.next(0)) {
            if (datagram.data.toString('utf8').endsWith('/sigo')) await h.fail([`${b} recibió «${datagram.data.toString('utf8')}»: ${SIGO_IS_NOT_A_MESSAGE}`]);
          }
        },
      },
      {
        name: 'el chat sigue: entra alguien nuevo y recibe los mensajes',
        timeoutMs: 8000,
        async run(h) {
          await join(h, d);
          await relay(h, a, h.randomText('Bienvenido'));
        },
      },
    ];
    return tests;
  },
};
