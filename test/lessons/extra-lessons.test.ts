import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadLessons } from '../../src/lessons/load-lessons.js';
import type { Check, Lesson } from '../../src/lessons/model.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';
import { assertLessonPasses } from '../helpers/lesson-run.js';

/** The lessons the document lacks: marked extra, in folders 14-* and later. */
const extras = (await loadLessons()).filter((lesson) => lesson.extra && Number(lesson.folder.slice(0, 2)) >= 14);

const marker = leakMarker();
after(async () => assert.deepEqual(await survivingProcesses(marker.value), [], 'no Python kernel survives the lessons'));

const codeOf = (lesson: Lesson): string => lesson.steps.map((step) => step.code).join('\n');
const checksOf = (lesson: Lesson): Check[] => lesson.steps.flatMap((step) => step.checks);
const code = (pattern: RegExp) => (lesson: Lesson): boolean => pattern.test(codeOf(lesson));
const error = (exception: string, message?: string) => (lesson: Lesson): boolean =>
  checksOf(lesson).some((check) => check.kind === 'error' && check.exception === exception && (!message || check.message?.includes(message)));
const value = (text: string) => (lesson: Lesson): boolean =>
  checksOf(lesson).some((check) => check.kind === 'value' && check.contains.includes(text));
const tcpState = (state: string) => (lesson: Lesson): boolean =>
  checksOf(lesson).some((check) => check.kind === 'tcp-state' && check.states.includes(state));
const blocks = (lesson: Lesson): boolean => checksOf(lesson).some((check) => check.kind === 'blocks');

type Feature = [description: string, holds: (lesson: Lesson) => boolean];

/** The topics the brief asks for, each as the features one lesson must show live. */
const TOPICS: Array<{ topic: string; features: Feature[] }> = [
  {
    topic: 'TCP es un flujo: delimitadores, prefijo de longitud, recv parcial, send/sendall, bucle hasta b""',
    features: [
      ['two sendall arrive in one recv', value("b'holamundo'")],
      ['a \\n delimiter', code(/split\(b'\\n'/)],
      ['a struct length prefix', code(/struct\.pack\('!I'/)],
      ['send() returning a partial count', code(/\.send\(/)],
      ['a recv loop until b""', code(/if not \w+:\s*(#.*)?\n\s*break/)],
    ],
  },
  {
    topic: 'varios clientes: bucle de accept, un hilo por cliente, selectors',
    features: [
      ['an accept loop', code(/for .+:\n(\s+.*\n)*?\s+conn, addr = s\.accept\(\)/)],
      ['one thread per client', code(/threading\.Thread\(target=atender/)],
      ['selectors', code(/selectors\.DefaultSelector\(\)/)],
      ['a blocked accept', blocks],
    ],
  },
  {
    topic: 'tiempos de espera y llamadas bloqueantes',
    features: [
      ['settimeout', code(/\.settimeout\(/)],
      ['a TimeoutError', error('TimeoutError')],
      ['socket.timeout is TimeoutError', code(/socket\.timeout is TimeoutError/)],
      ['setblocking(False) -> BlockingIOError', (lesson) => code(/setblocking\(False\)/)(lesson) && error('BlockingIOError')(lesson)],
    ],
  },
  {
    topic: 'TIME_WAIT y SO_REUSEADDR',
    features: [
      ['TIME_WAIT seen in the OS table', tcpState('TIME_WAIT')],
      ['rebinding fails', error('OSError', 'Address already in use')],
      ['SO_REUSEADDR', code(/SO_REUSEADDR/)],
    ],
  },
  {
    topic: 'UDP: sin conexión, límites de datagrama, truncado, UDP conectado',
    features: [
      ['a UDP socket', code(/SOCK_DGRAM/)],
      ['a 2000-byte datagram read with recvfrom(1024)', (lesson) => code(/b'x' \* 2000/)(lesson) && code(/recvfrom\(1024\)/)(lesson)],
      ['connected UDP', code(/\.connect\(\('127\.0\.0\.1', 9999\)\)/)],
      ['ConnectionRefusedError on connected UDP', error('ConnectionRefusedError')],
    ],
  },
  {
    topic: 'IPv6 y sockets Unix',
    features: [
      ['AF_INET6 on ::1', code(/AF_INET6[\s\S]*'::1'/)],
      ['the 4-tuple address', value("('::1', ")],
      ['AF_UNIX', code(/AF_UNIX/)],
      ['a temp folder from mkdtemp, removed at the end', (lesson) => code(/tempfile\.mkdtemp\(/)(lesson) && code(/os\.rmdir\(|shutil\.rmtree\(/)(lesson)],
    ],
  },
  {
    topic: 'cerrar bien: shutdown(SHUT_WR), with, close',
    features: [
      ['shutdown(SHUT_WR)', code(/shutdown\(socket\.SHUT_WR\)/)],
      ['a with block', code(/with socket\.socket\(/)],
      ['close()', code(/\.close\(\)/)],
      ['BrokenPipeError after SHUT_WR', error('BrokenPipeError')],
    ],
  },
  {
    topic: 'errores comunes, cada uno en vivo',
    features: [
      ['nobody listening', error('ConnectionRefusedError')],
      ['str instead of bytes', error('TypeError', 'bytes-like')],
      ['use after close', error('OSError', 'Bad file descriptor')],
      ['accept without listen', (lesson) => error('OSError', 'Invalid argument')(lesson) && code(/\.accept\(\)/)(lesson)],
      ['recv() without size', error('TypeError', 'recv() takes at least 1 argument')],
      ['accept without parentheses', error('TypeError', 'cannot unpack non-iterable method')],
    ],
  },
  {
    topic: 'direcciones y puertos: getaddrinfo, create_server/create_connection, doble pila, puertos TCP y UDP separados, rango efímero',
    features: [
      ['getaddrinfo', code(/socket\.getaddrinfo\(/)],
      ['create_server', code(/socket\.create_server\(/)],
      ['create_connection', code(/socket\.create_connection\(/)],
      ['dual stack: IPV6_V6ONLY off, an IPv4 client seen as ::ffff:127.0.0.1', (lesson) => code(/IPV6_V6ONLY, 0/)(lesson)
        && checksOf(lesson).some((check) => check.kind === 'output' && check.contains.includes('::ffff:127.0.0.1'))],
      ['TCP and UDP on the same port number, both probed', (lesson) => ['tcp', 'udp'].every((protocol) =>
        checksOf(lesson).some((check) => check.kind === 'probe' && check.protocol === protocol && check.port === 9999))],
      ['the ephemeral range read from the OS', code(/ip_local_port_range/)],
    ],
  },
];

test('there are extra lessons from 14 on, each marked extra and saying so at the start', () => {
  assert.ok(extras.length >= TOPICS.length, `expected at least ${TOPICS.length} extra lessons, found ${extras.length}`);
  for (const lesson of extras) {
    assert.equal(lesson.extra, true);
    assert.match(lesson.intro, /no está en el documento/i, `${lesson.folder}: the intro says it is not in the document`);
    assert.match(lesson.sections.join(' '), /Más allá del documento/, `${lesson.folder}: a heading of its own`);
  }
});

for (const { topic, features } of TOPICS) {
  test(`topic covered by an extra lesson: ${topic}`, () => {
    const covering = extras.filter((lesson) => features.every(([, holds]) => holds(lesson)));
    const closest = extras
      .map((lesson) => ({ lesson, missing: features.filter(([, holds]) => !holds(lesson)).map(([what]) => what) }))
      .sort((a, b) => a.missing.length - b.missing.length)[0];
    assert.ok(covering.length > 0, `no lesson covers it; closest ${closest?.lesson.folder} lacks: ${closest?.missing.join(', ')}`);
  });
}

for (const lesson of extras) {
  test(`extra lesson ${lesson.folder} runs live and every check passes`, async () => {
    await assertLessonPasses(lesson, marker.env);
  });
}
