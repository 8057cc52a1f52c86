import { randomInt } from 'node:crypto';
import { CLOSE_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import { sendBytes } from '../stream-checks.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { hear, say, type Member } from './chat-room.js';
import { pauseUntilIdle } from './program-idle.js';

const NAMES = ['ana', 'beto', 'carla', 'dario', 'elena', 'fabio', 'gabi', 'hugo', 'ines', 'juan'];
const ONE_RECV_ONE_LINE =
  'Un recv() no es una línea: un cliente puede enviar media línea y el resto después. Guarda lo recibido de cada cliente ' +
  "en su propio búfer y reenvía solo las líneas completas (hasta b'\\n').";

function explainRelay(sender: Member, text: string) {
  return (got: string): string[] => {
    if (got === text) return [`Falta el nombre de quien habla: reenvía «${sender.name}: ${text}», no el texto solo.`];
    if (got === `${sender.name}: ${text}`.trim()) return [];
    if (`${sender.name}: ${text}`.startsWith(got)) return [`Llegó solo una parte del mensaje. ${ONE_RECV_ONE_LINE}`];
    return [];
  };
}

const OWN_ECHO = (member: Member, text: string) => (got: string): string[] =>
  got === `${member.name}: ${text}` ? ['Tu servidor le reenvió el mensaje también a quien lo envió: reenvíalo a todos los demás, no a él.'] : [];

/** The capstone: a multi-client line chat with names, relayed messages, /quien and /salir. */
export const chat: TesterDefinition = {
  exerciseId: 'chat',
  transport: 'tcp',
  role: 'server',
  defaultHost: '127.0.0.1',
  defaultPort: 65432,
  tests() {
    // Random names, arriving in reverse alphabetical order: a /quien in arrival order cannot pass.
    const pool = [...NAMES];
    const names = Array.from({ length: 4 }, () => `${pool.splice(randomInt(pool.length), 1)[0]}${randomInt(10, 100)}`).sort().reverse();
    const members: Member[] = [];
    const [a, b, c, d] = names as [string, string, string, string];
    const member = (name: string): Member => members.find((m) => m.name === name)!;
    const others = (name: string): Member[] => members.filter((m) => m.name !== name);
    const roster = (): string => `EN LA SALA: ${members.map((m) => m.name).sort().join(', ')}`;

    async function join(h: Harness, name: string): Promise<Member> {
      h.step(`${name}: me conecto y envío «NOMBRE ${name}»`);
      const joined: Member = { name, peer: await h.connect(), joinedBefore: new Set(members.map((m) => m.name)) };
      await say(h, joined, `NOMBRE ${name}`);
      await hear(h, joined, `HOLA ${name}`, { what: 'el saludo' });
      for (const other of members) {
        h.step(`${other.name} debe recibir «ENTRA ${name}»`);
        await hear(h, other, `ENTRA ${name}`, { what: `el aviso de que entró ${name}` });
      }
      members.push(joined);
      return joined;
    }

    /** `from` says `text`; every other member hears it, and `from` (asked /quien) hears only the roster. */
    async function relay(h: Harness, from: Member, text: string, explain = explainRelay(from, text)): Promise<void> {
      for (const other of others(from.name)) {
        h.step(`${other.name} debe recibir «${from.name}: ${text}»`);
        await hear(h, other, `${from.name}: ${text}`, { what: `el mensaje de ${from.name}`, explain });
      }
    }

    /** Asks /quien: the answer must be the next line, so nothing else (an echo of its own) came before. */
    async function whoIsHere(h: Harness, asker: Member, lastSaid?: string): Promise<void> {
      h.step(`${asker.name}: envío «/quien» y espero «${roster()}»`);
      await say(h, asker, '/quien');
      await hear(h, asker, roster(), {
        what: 'la lista de la sala',
        explain: (got) => [
          ...(lastSaid ? OWN_ECHO(asker, lastSaid)(got) : []),
          ...(got.startsWith('EN LA SALA') ? ['Los nombres van en orden alfabético, separados por «, ».'] : []),
        ],
      });
    }

    const tests: TestCase[] = [
      {
        name: 'acepta a un cliente en HOST:PUERTO y lo saluda tras «NOMBRE x»',
        timeoutMs: STARTUP_TEST_MS,
        async run(h) {
          h.step('arranco tu programa');
          await h.startProgram();
          await join(h, a);
        },
      },
      {
        name: 'avisa a los que ya están cuando entra alguien',
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
          const text = h.randomText('Hola a todos');
          h.step(`${a}: envío «${text}»`);
          await say(h, member(a), text);
          await relay(h, member(a), text);
          await whoIsHere(h, member(a), text);
        },
      },
      {
        name: '/quien lista a todos los de la sala',
        timeoutMs: 5000,
        async run(h) {
          await whoIsHere(h, member(c));
        },
      },
      {
        name: 'varios mensajes seguidos en un solo envío llegan todos, en orden',
        timeoutMs: 8000,
        async run(h) {
          const texts = Array.from({ length: randomInt(3, 6) }, (_, i) => h.randomText(`Mensaje ${i + 1}`));
          h.step(`${b}: envío ${texts.length} mensajes de golpe`);
          await sendBytes(h, member(b).peer, Buffer.from(texts.map((text) => `${text}\n`).join('')));
          for (const text of texts) await relay(h, member(b), text);
        },
      },
      {
        name: 'un cliente que envía media línea no detiene a los demás, y su mensaje llega entero',
        timeoutMs: 10000,
        async run(h) {
          const half = h.randomText('Empiezo una frase');
          const rest = ` y la termino ${randomInt(100, 1000)}`;
          h.step(`${b}: envío media línea («${half}», sin \\n) y me callo`);
          await sendBytes(h, member(b).peer, Buffer.from(half));
          await pauseUntilIdle(h, 100);
          const meanwhile = h.randomText('Mientras tanto');
          h.step(`${c}: envío «${meanwhile}» mientras ${b} está a medias`);
          await say(h, member(c), meanwhile);
          await relay(h, member(c), meanwhile, (got) => (got.startsWith(`${b}: `) ? [`Reenviaste la media línea de ${b} como si fuera un mensaje. ${ONE_RECV_ONE_LINE}`] : []));
          h.step(`${b}: envío el resto de la línea`);
          await say(h, member(b), rest);
          await relay(h, member(b), `${half}${rest}`);
        },
      },
      {
        name: '/salir despide al cliente, cierra su conexión y avisa a los demás',
        timeoutMs: 8000,
        async run(h) {
          const leaving = member(c);
          h.step(`${c}: envío «/salir» y espero «ADIOS ${c}»`);
          await say(h, leaving, '/salir');
          await hear(h, leaving, `ADIOS ${c}`, { what: 'la despedida' });
          h.step(`espero que tu servidor cierre la conexión de ${c}`);
          const closed = await leaving.peer.waitEof(CLOSE_MS, h.abort);
          if (closed === 'timeout') await h.fail([`Tu servidor despidió a ${c}, pero no cerró su conexión en ${CLOSE_MS / 1000} s.`]);
          h.release(leaving.peer);
          members.splice(members.indexOf(leaving), 1);
          for (const other of members) {
            h.step(`${other.name} debe recibir «SALE ${c}»`);
            await hear(h, other, `SALE ${c}`, {
              what: `el aviso de que ${c} se fue`,
              onTimeout: [`Cuando alguien se va, sácalo de la sala y envía «SALE ${c}» a todos los que quedan.`],
            });
          }
        },
      },
      {
        name: 'un cliente que desaparece de golpe sale de la sala y el chat sigue',
        timeoutMs: 10000,
        async run(h) {
          const vanished = member(b);
          h.step(`${b}: desaparezco sin /salir (la conexión se corta de golpe, con un reinicio, RST)`);
          h.release(vanished.peer);
          members.splice(members.indexOf(vanished), 1);
          for (const other of members) {
            h.step(`${other.name} debe recibir «SALE ${b}»`);
            await hear(h, other, `SALE ${b}`, {
              what: `el aviso de que ${b} se fue`,
              onTimeout: [
                `Cuando un cliente desaparece, su recv() devuelve b'' o lanza ConnectionResetError: en los dos casos, sácalo de la sala y avisa con «SALE ${b}».`,
              ],
            });
          }
          await join(h, d);
          const text = h.randomText('Sigo aquí');
          h.step(`${a}: envío «${text}»`);
          await say(h, member(a), text);
          await relay(h, member(a), text);
          await whoIsHere(h, member(d));
        },
      },
      {
        name: 'rechaza con ERROR un nombre en uso y un mensaje antes de dar el nombre',
        timeoutMs: 8000,
        async run(h) {
          h.step(`me conecto y envío un mensaje sin haber dado el nombre`);
          const anonymous: Member = { name: 'un cliente sin nombre', peer: await h.connect() };
          await say(h, anonymous, 'hola');
          await expectError(h, anonymous, 'Antes de «NOMBRE x», responde una línea «ERROR ...» y no reenvíes nada.');
          h.step(`envío «NOMBRE ${a}», un nombre que ya está en la sala`);
          await say(h, anonymous, `NOMBRE ${a}`);
          await expectError(h, anonymous, `El nombre ${a} ya está en la sala: responde «ERROR ...» y deja que pruebe otro.`);
          h.release(anonymous.peer);
        },
      },
    ];
    return tests;
  },
};

async function expectError(h: Harness, member: Member, why: string): Promise<void> {
  await hear(h, member, 'ERROR ...', { what: 'una línea «ERROR ...»', accept: (got) => /^ERROR( |$)/.test(got), explain: () => [why] });
}
