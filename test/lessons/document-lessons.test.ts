import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadLessons } from '../../src/lessons/load-lessons.js';
import type { Lesson } from '../../src/lessons/model.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';
import { assertLessonPasses } from '../helpers/lesson-run.js';

/** The lessons that mirror the document: folders 01-* to 13-*, in the document's order. */
const lessons = (await loadLessons()).filter((lesson) => /^(0[1-9]|1[0-3])-/.test(lesson.folder));
const lessonNumber = (lesson: Lesson): number => Number(lesson.folder.slice(0, 2));

/** The document's headings, in order, with the exact text a lesson's `secciones` must carry. */
const DOCUMENT_HEADINGS = [
  'Programación de Sockets',
  '¿Qué Son los Sockets?',
  'Cómo Implementar la Programación de Sockets.',
  'Cómo Crear un Servidor en la Progr. de Sockets',
  'Cómo Crear un Socket',
  'Unir el Socket a una dirección con el Método Bind()',
  'Escuchar las Conexiones "Listen()"',
  'Aceptar una solicitud de conexión',
  'Comunicación con el cliente (send() y recv())',
  'COMO CREAR UN CLIENTE EN PROGRAMACIÓN SOC...',
  'Conectarse al servidor (Connect)',
  'Comunicación con el servidor',
  'Programación de Sockets con el Protocolo UDP',
];

/**
 * Every row of the errata (referencia/fe-de-erratas.md), by the document line it names: the lesson
 * of its section must show it in a «Fe de erratas» note containing these texts.
 */
const ERRATA: Array<{ row: string; lesson: number; terms: string[] }> = [
  { row: '22 "import socket".', lesson: 3, terms: ['"import socket".', 'SyntaxError'] },
  { row: '33-38 Socket.socket', lesson: 5, terms: ['Socket.socket', 'NameError'] },
  { row: '40-41 versión 4.0, protocolo inferior', lesson: 5, terms: ['4.0', 'protocolo inferior', 'UDP'] },
  { row: '42 CAN_PCAN', lesson: 5, terms: ['CAN_PCAN', 'CAN_BCM'] },
  { row: '54 bind(hostname, port)', lesson: 6, terms: ['bind(hostname, port)', 'TypeError'] },
  { row: '54 "Local host."', lesson: 6, terms: ['"Local host."', 'gaierror'] },
  { row: '56 gethostname()', lesson: 6, terms: ['gethostname()', '127.0.0.1'] },
  { row: '56 ports 1024-65535', lesson: 6, terms: ['0 a 65535', 'OverflowError', 'PermissionError'] },
  { row: '64-66 backlog', lesson: 7, terms: ['ConnectionRefusedError', 'SYN_SENT', 'TimeoutError'] },
  { row: '72 infinite accept loop', lesson: 8, terms: ['bucle infinito', 'ConnectionRefusedError'] },
  { row: '74 accept returns', lesson: 8, terms: ['addr == conn.getpeername()', '**cliente**'] },
  { row: '78 bits', lesson: 9, terms: ['bits', '**bytes**'] },
  { row: '78/104 send vs sendall', lesson: 9, terms: ['send()', 'sendall()', 'una parte'] },
  { row: '80 proceso del cliente', lesson: 9, terms: ['proceso del cliente', '**servidor**'] },
  { row: '83-124 line numbers', lesson: 9, terms: ['números de línea', 'SyntaxError', 'IndentationError'] },
  { row: '104 sendall(str)', lesson: 9, terms: ["conn.sendall('Hola desde el servidor')", 'TypeError', 'cliente recibe: ', 'Address already in use'] },
  { row: '130 protocols must match', lesson: 10, terms: ['ConnectionRefusedError', 'TimeoutError'] },
  { row: '141-143 bin, mismos valores', lesson: 11, terms: ['método bin', "'localhost'", "'::1'"] },
  { row: '147-149 socket del servidor, connect, exit', lesson: 12, terms: ['socket del servidor', '**del cliente**', 'connect()', 'ConnectionRefusedError', 'exit'] },
  { row: '154-169 Soket, recv, close+break', lesson: 12, terms: ['Soket', 'recvfrom()', 'Bad file descriptor', 'settimeout()'] },
  { row: '176 Sock_DGRAM', lesson: 13, terms: ['Sock_DGRAM', 'AttributeError'] },
  { row: '182 recvfrom truncation', lesson: 13, terms: ['recvfrom(1024)', '2000', '976'] },
  { row: '198 puerto{}', lesson: 13, terms: ['número de puerto{}', 'espacio'] },
  { row: '204 print(msg.decode)', lesson: 13, terms: ['print(msg.decode)', '<built-in method decode'] },
  { row: '206 .format(msg)', lesson: 13, terms: ['.format(msg)', "b'Hola"] },
  { row: '208 close+break in the UDP server', lesson: 13, terms: ['break', 'Bad file descriptor'] },
  { row: '167 «Terminada la Conexión.» in the UDP client', lesson: 12, terms: ['Terminada la Conexión.', 'no hay ninguna conexión', 'close()'] },
  { row: '174 «una conexión con el protocolo UDP»', lesson: 13, terms: ['conexión con el protocolo UDP', 'no hay conexión'] },
  { row: '184 «número del host»', lesson: 13, terms: ['número del host', "'127.0.0.1'"] },
  { row: '78 «el cliente devuelto por el mensaje de aceptar»', lesson: 9, terms: ['cliente devuelto por el mensaje de aceptar', '`conn`'] },
];

/** The «Fe de erratas» notes of a lesson file: each blockquote that starts with that bold label. */
function errataNotes(lesson: Lesson): string[] {
  const notes: string[] = [];
  let current: string[] | undefined;
  for (const line of readFileSync(lesson.file, 'utf8').split('\n')) {
    if (line.startsWith('> **Fe de erratas**')) {
      current = [line.slice(2)];
      notes.push('');
    } else if (current && line.startsWith('>')) {
      current.push(line.replace(/^> ?/, ''));
    } else {
      current = undefined;
    }
    if (current) notes[notes.length - 1] = current.join(' ');
  }
  return notes;
}

/** Text the learner reads (titles, intro, explanations, check labels), without code. */
function prose(lesson: Lesson): string {
  const texts = [
    lesson.title,
    lesson.intro,
    ...lesson.steps.flatMap((step) => [step.title, step.explanation, step.after, ...step.checks.map((check) => check.text ?? '')]),
  ];
  return texts
    .join('\n')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '');
}

const marker = leakMarker();
after(async () => assert.deepEqual(await survivingProcesses(marker.value), [], 'no Python kernel survives the lessons'));

test('there are thirteen lessons, 01 to 13, one per section of the document', () => {
  assert.deepEqual(lessons.map(lessonNumber), Array.from({ length: 13 }, (_, index) => index + 1));
  for (const lesson of lessons) assert.equal(lesson.extra, false, `${lesson.folder} mirrors the document`);
});

for (const [index, heading] of DOCUMENT_HEADINGS.entries()) {
  test(`the document heading «${heading}» is covered by lesson ${index + 1}`, () => {
    const covering = lessons.filter((lesson) => lesson.sections.includes(heading));
    assert.ok(covering.length > 0, `no lesson lists «${heading}» in its secciones`);
    assert.deepEqual(covering.map(lessonNumber), [index + 1], 'in the document order');
  });
}

for (const { row, lesson: number, terms } of ERRATA) {
  test(`erratum «${row}» is shown in a Fe de erratas note of lesson ${number}`, () => {
    const lesson = lessons.find((candidate) => lessonNumber(candidate) === number);
    assert.ok(lesson, `lesson ${number} exists`);
    const notes = errataNotes(lesson);
    const note = notes.find((text) => terms.every((term) => text.includes(term)));
    assert.ok(note, `no «Fe de erratas» note in ${lesson.folder} mentions all of: ${terms.join(' | ')}`);
  });
}

test('every document listing is shown clean and run live, verbatim, by some step', () => {
  const stepCode = lessons.flatMap((lesson) => lesson.steps.map((step) => step.code));
  const listings: string[] = [];
  for (const lesson of lessons) {
    const text = readFileSync(lesson.file, 'utf8');
    for (const match of text.matchAll(/^### Listado del documento.*\n[\s\S]*?^```python\n([\s\S]*?)^```/gm)) {
      listings.push(match[1]!.trimEnd());
    }
  }
  const long = listings.filter((listing) => listing.split('\n').length >= 3);
  // socket() (lesson 5), the TCP server and client (9), the TCP and UDP clients (12), the UDP server (13).
  assert.ok(long.length >= 6, `expected the document's listings, found ${long.length}`);
  for (const listing of listings) assert.doesNotMatch(listing, /^\s*\d+ /m, 'listings carry no line numbers');
  for (const listing of long) {
    assert.ok(stepCode.some((code) => code.includes(listing)), `this listing is never run as written:\n${listing}`);
  }
});

test('the lessons that lead to an exercise say which file to write and how to verify it', () => {
  const expected: Record<string, number> = { 'servidor-tcp': 9, 'cliente-tcp': 12, 'cliente-udp': 12, 'servidor-udp': 13 };
  for (const [exercise, number] of Object.entries(expected)) {
    const lesson = lessons.find((candidate) => lessonNumber(candidate) === number)!;
    const text = readFileSync(lesson.file, 'utf8');
    assert.ok(text.includes(`taller-sockets ejercicio ${exercise}`), `${lesson.folder} tells how to start ${exercise}`);
    assert.ok(text.includes(`./${exercise}.py`), `${lesson.folder} names the file ${exercise}.py`);
    assert.ok(text.includes(`taller-sockets verificar ${exercise}`), `${lesson.folder} tells how to verify ${exercise}`);
  }
});

test('no English UI words or unreplaced placeholders leak into the lessons', () => {
  const forbidden: Array<[string, RegExp]> = [
    ['"Error:" label', /(^|[^A-Za-z])Error:/],
    ['TODO/FIXME/XXX', /\b(TODO|FIXME|XXX)\b/],
    ['English step words', /\b(Step|Lesson|Warning|Check|Output|Expected|Hint)\b/],
    ['curly braces outside code', /[{}]/],
    ['template placeholders', /\{\{|\}\}|\$\{|<[a-z_-]+>|%s\b/],
    ['undefined/null leaking', /\b(undefined|null|NaN)\b/],
  ];
  for (const lesson of lessons) {
    const text = prose(lesson);
    for (const [what, pattern] of forbidden) {
      const found = pattern.exec(text);
      assert.equal(found, null, `${lesson.folder}: ${what}: «${found?.[0]}» in «${text.slice(Math.max(0, (found?.index ?? 0) - 40), (found?.index ?? 0) + 40)}»`);
    }
  }
});

test('lessons with a server and a client run both actors, and show accept() blocking', () => {
  for (const lesson of lessons.filter((candidate) => candidate.actors.length === 2)) {
    assert.deepEqual([...lesson.actors].sort(), ['cliente', 'servidor'], lesson.folder);
  }
  const blocking = lessons.filter((lesson) => lesson.steps.some((step) => /\.accept\(\)/.test(step.code) && step.checks.some((check) => check.kind === 'blocks')));
  assert.ok(blocking.length >= 3, `accept() shown blocking in ${blocking.map((lesson) => lesson.folder).join(', ')}`);
});

for (const lesson of lessons) {
  test(`lesson ${lesson.folder} runs live and every check passes`, async () => {
    await assertLessonPasses(lesson, marker.env);
  });
}
