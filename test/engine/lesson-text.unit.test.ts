import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Check, Lesson } from '../../src/lessons/model.js';
import { applyPortPlan } from '../../src/engine/port-plan.js';
import { applyHostPlan } from '../../src/engine/packets/host-plan.js';

/** Where a lesson names things rather than showing this run's values: never rewritten. */
const NAMES = new Set(['id', 'file', 'folder', 'sections', 'actors', 'machines', 'ports', 'kind', 'name', 'actor', 'exception', 'stream', 'states', 'socket', 'from', 'what', 'only', 'protocol']);
/** A probe's expected outcome and a packets check's segment kinds are words of the format; a socket check's expectations are texts. */
const isWordsOfTheFormat = (key: string, value: unknown): boolean => key === 'expect' && (typeof value === 'string' || Array.isArray(value));
/** Fields that hold a port number. */
const PORT_FIELDS = new Set(['port', 'localPort', 'remotePort']);

const seen = 'en $IP_A:65432';
/** One check of every kind, with the port and the host placeholder in each of its texts. */
const CHECKS: Check[] = [
  { kind: 'no-error', text: seen, line: 10 },
  { kind: 'error', exception: 'ConnectionRefusedError', message: `[Errno 111] nadie escucha ${seen}`, text: seen, line: 11 },
  { kind: 'output', contains: `Conectado ${seen}`, stream: 'stdout', text: seen, line: 12 },
  { kind: 'value', contains: `('$IP_A', 65432)`, text: seen, line: 13 },
  { kind: 'socket', name: 's', actor: 'servidor', expect: { local: '$IP_A:65432', remoto: '$IP_A:65432', escuchando: true }, text: seen, line: 14 },
  { kind: 'probe', protocol: 'tcp', host: '$IP_A', port: 65432, expect: 'conecta', payload: `hola ${seen}`, text: seen, line: 15 },
  { kind: 'tcp-state', states: ['LISTEN'], localPort: 65432, remotePort: 65432, text: seen, line: 16 },
  { kind: 'blocks', text: seen, line: 17 },
  { kind: 'packets', expect: ['SYN', 'SYN-ACK', 'ACK'], exact: false, from: 'cliente', text: seen, line: 18 },
  { kind: 'handshake-before-accept', text: seen, line: 19 },
  { kind: 'first-fin', actor: 'cliente', text: seen, line: 20 },
  { kind: 'requires', what: 'dos_maquinas', text: seen, line: 21 },
];

const LESSON: Lesson = {
  id: 'prueba', title: `Un servidor ${seen}`, sections: ['Servidor'], actors: ['servidor', 'cliente'], extra: false,
  ports: [{ port: 65432, protocol: 'tcp' }], machines: { servidor: 'A', cliente: 'B' }, intro: `Escucha ${seen}.`,
  steps: [{
    number: 1, title: `Paso ${seen}`, actor: 'servidor', explanation: `Vincula ${seen}.`, code: "s.bind(('$IP_A', 65432))",
    after: `Ya escucha ${seen}.`, checks: CHECKS, line: 5, codeLine: 7,
  }],
  file: '/lecciones/prueba/leccion.md', folder: '/lecciones/prueba',
};

/** Every text and port a lesson shows or checks, with its path ("steps.0.checks.1.message"). */
function leaves(value: unknown, path = ''): Array<{ path: string; value: string | number }> {
  if (typeof value === 'string' || typeof value === 'number') return [{ path, value }];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => (NAMES.has(key) || isWordsOfTheFormat(key, inner) ? [] : leaves(inner, path ? `${path}.${key}` : key)));
}

const lastKey = (path: string): string => path.split('.').at(-1)!;
/** The only text without a port in it: a probe's host is an address alone. */
const HOST_ONLY = 'steps.0.checks.5.host';

test('the fixture has the host placeholder in every text, the port in every other one, and in every port field', () => {
  const all = leaves(LESSON);
  const texts = all.filter((leaf) => typeof leaf.value === 'string');
  assert.ok(texts.length >= 25, `${texts.length} texts`);
  for (const leaf of texts) {
    assert.ok(String(leaf.value).includes('$IP_A'), `${leaf.path}: ${leaf.value}`);
    assert.equal(String(leaf.value).includes('65432'), leaf.path !== HOST_ONLY, `${leaf.path}: ${leaf.value}`);
  }
  assert.deepEqual(all.filter((leaf) => PORT_FIELDS.has(lastKey(leaf.path))).map((leaf) => leaf.value), [65432, 65432, 65432]);
});

/** Each text of `mapped` beside the same text of the lesson as written. */
function textsBeside(mapped: Lesson): Array<{ path: string; before: string; after: string }> {
  const before = new Map(leaves(LESSON).map((leaf) => [leaf.path, leaf.value]));
  const after = leaves(mapped);
  assert.deepEqual(after.map((leaf) => leaf.path), [...before.keys()], 'the same fields, in the same places');
  return after.filter((leaf) => typeof leaf.value === 'string').map((leaf) => ({ path: leaf.path, before: String(before.get(leaf.path)), after: String(leaf.value) }));
}

test('the port plan rewrites every text (titles and error messages alike) and every port of the checks', () => {
  const mapped = applyPortPlan(LESSON, [{ port: 65432, protocol: 'tcp', replacement: 40123, reason: 'ocupado' }]);
  for (const { path, before, after } of textsBeside(mapped)) {
    assert.equal(after, before.replaceAll('65432', '40123'), path);
  }
  for (const leaf of leaves(mapped)) if (PORT_FIELDS.has(lastKey(leaf.path))) assert.equal(leaf.value, 40123, leaf.path);
  assert.deepEqual(mapped.ports, LESSON.ports, 'the document ports stay named as the document has them');
});

test('the host plan fills in the address in every text (titles and error messages alike), and leaves the ports', () => {
  const mapped = applyHostPlan(LESSON, [{ name: 'A', address: '10.99.0.1' }, { name: 'B', address: '10.99.0.2' }]);
  for (const { path, before, after } of textsBeside(mapped)) {
    assert.equal(after, before.replaceAll('$IP_A', '10.99.0.1'), path);
  }
  for (const leaf of leaves(mapped)) if (PORT_FIELDS.has(lastKey(leaf.path))) assert.equal(leaf.value, 65432, leaf.path);
  const alone = applyHostPlan(LESSON, [{ name: 'A' }]);
  assert.equal(alone.steps[0]!.code, "s.bind(('127.0.0.1', 65432))", 'one host: loopback');
  assert.equal(applyHostPlan(LESSON, [{ name: 'C' }]).intro, LESSON.intro, 'a host the lesson does not have is left as written');
});
