import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadLessons } from '../../src/lessons/load-lessons.js';
import { parseLesson } from '../../src/lessons/parse-lesson.js';
import { runLessonAuto } from '../../src/engine/run-lesson.js';
import type { StepResult } from '../../src/engine/step-result.js';
import type { Lesson } from '../../src/lessons/model.js';
import { packetsAvailability, twoHostsAvailability } from '../../src/net/netns/availability.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { withFixedPort } from '../helpers/fixed-port-lock.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'lessons-packets');
const lessons = await loadLessons([FIXTURES]);
const lesson = (id: string): Lesson => lessons.find((candidate) => candidate.id === id)!;

const one = await packetsAvailability();
const two = await twoHostsAvailability();
const skipOne = one.available ? false : `sin espacios de nombres de red: ${one.reason}`;
const skipTwo = two.available ? false : `sin dos máquinas: ${two.reason}`;

const marker = leakMarker();
after(async () => assert.deepEqual(await survivingProcesses(marker.value), [], 'no process survives the lessons'));

function failures(steps: StepResult[]): string[] {
  return steps.flatMap((step) => step.checks
    .filter((check) => check.status === 'fail')
    .map((check) => `paso ${step.step.number} («${step.step.title}»): ${check.name}: ${check.message}`));
}

/** "cliente>servidor SYN" for every segment of a step. */
const rows = (step: StepResult): string[] =>
  (step.packets?.segments ?? []).map((segment) => `${segment.from.actor ?? segment.from.ip}>${segment.to.actor ?? segment.to.ip} ${segment.flags.join('-') || segment.kind}${segment.len ? ` ${segment.len}` : ''}`);

test('the document\'s TCP pair, step by step: handshake before accept() returns, data and ACKs, FINs, TIME_WAIT on the client', { skip: skipOne }, async () => {
  const result = await runLessonAuto(lesson('paquetes-par-tcp'), { env: marker.env, readTcpStates: true });
  assert.deepEqual(failures(result.steps), []);
  assert.equal(result.status, 'pass');
  const byTitle = new Map(result.steps.map((step) => [step.step.title, step]));
  assert.deepEqual(rows(byTitle.get('Escuchar')!), [], 'listen() sends nothing (the probe\'s segments are not the lesson\'s)');
  assert.deepEqual(rows(byTitle.get('Conectar')!), ['cliente>servidor SYN', 'servidor>cliente SYN-ACK', 'cliente>servidor ACK']);
  assert.equal(byTitle.get('Aceptar')!.blocked, true);
  assert.deepEqual(rows(byTitle.get('Aceptar')!), rows(byTitle.get('Conectar')!), 'the blocked accept() saw the same handshake');
  assert.deepEqual(rows(byTitle.get('El cliente envía')!), ['cliente>servidor PSH-ACK 22', 'servidor>cliente ACK']);
  assert.deepEqual(rows(byTitle.get('El servidor recibe y responde')!), ['servidor>cliente PSH-ACK 22', 'cliente>servidor ACK']);
  assert.deepEqual(rows(byTitle.get('El cliente recibe y cierra')!), ['cliente>servidor FIN-ACK', 'servidor>cliente ACK']);
  assert.deepEqual(rows(byTitle.get('El servidor ve el cierre y cierra')!), ['servidor>cliente FIN-ACK', 'cliente>servidor ACK']);
  const data = byTitle.get('El cliente envía')!.packets!.segments[0]!;
  assert.equal(data.text, 'Hola desde el cliente!');
  assert.equal(data.seq, 1);
  const names = result.steps.flatMap((step) => step.checks.map((check) => check.name));
  assert.ok(names.some((name) => /saludo de tres pasos/.test(name)));
  assert.ok(names.some((name) => /cliente envía el primer FIN/.test(name)));
  assert.ok(result.steps.flatMap((step) => step.checks).every((check) => check.status !== 'skip'), 'nothing is «no disponible» where namespaces exist');
});

test('UDP: one datagram per sendto(), no handshake, ICMP port unreachable, ConnectionRefusedError on a connected socket', { skip: skipOne }, async () => {
  const result = await runLessonAuto(lesson('paquetes-udp'), { env: marker.env });
  assert.deepEqual(failures(result.steps), []);
  const byTitle = new Map(result.steps.map((step) => [step.step.title, step]));
  assert.deepEqual(rows(byTitle.get('Un datagrama por sendto()')!), ['cliente>servidor UDP 24', 'cliente>servidor UDP 6']);
  assert.deepEqual(rows(byTitle.get('El servidor responde')!), ['servidor>cliente UDP 26']);
  const nobody = byTitle.get('Nadie escucha en 9998')!;
  assert.deepEqual(nobody.packets!.segments.map((segment) => segment.kind), ['UDP', 'ICMP']);
  assert.equal(nobody.packets!.segments[1]!.bounced?.to.port, 9998, 'the ICMP names the datagram it answers');
  assert.equal(nobody.reply?.error, null, 'an unconnected socket does not hear about it');
  const connected = byTitle.get('Un socket UDP conectado se entera')!;
  assert.equal(connected.reply?.error?.type, 'ConnectionRefusedError');
});

test('two hosts: the fixture runs with the hosts\' addresses in place of $IP_A and $IP_B', { skip: skipTwo }, async () => {
  const result = await runLessonAuto(lesson('paquetes-dos-maquinas'), { env: marker.env });
  assert.deepEqual(failures(result.steps), []);
  assert.equal(result.status, 'pass');
  const refused = result.steps[1]!;
  assert.match(refused.step.code, /10\.99\.0\.1/);
  assert.deepEqual(refused.packets!.segments.map((segment) => segment.kind), ['SYN', 'RST']);
});

test('lesson 30 (two hosts) passes where namespaces exist, with nothing skipped', { skip: skipTwo }, async () => {
  const shipped = (await loadLessons()).find((candidate) => candidate.id === 'dos-maquinas');
  assert.ok(shipped, 'lessons/30-dos-maquinas exists');
  assert.equal(shipped.extra, true);
  const result = await runLessonAuto(shipped, { env: marker.env });
  assert.deepEqual(failures(result.steps), []);
  assert.equal(result.status, 'pass');
  assert.ok(result.steps.every((step) => !step.skipped));
});

test('a packet check that does not hold fails, saying what was seen', { skip: skipOne }, async () => {
  const text = [
    '---', 'id: paquetes-mal', 'titulo: Mal', 'secciones: [x]', 'actores: [servidor]', '---', '',
    '## Escuchar y conectarse', '', '```python servidor', 'import socket',
    's = socket.socket(); s.bind(("127.0.0.1", 65432)); s.listen()', 'c = socket.create_connection(("127.0.0.1", 65432))', '```', '',
    '```comprobar', '- paquetes: [FIN]', '- paquetes: [SYN, ACK]', '  exactos: true', '```', '',
  ].join('\n');
  const parsed = parseLesson(text, 'mal.md');
  assert.deepEqual(parsed.problems, []);
  const result = await runLessonAuto(parsed.lesson!, { env: marker.env });
  const checks = result.steps[0]!.checks.filter((check) => check.name.includes('envía'));
  assert.deepEqual(checks.map((check) => check.status), ['fail', 'fail']);
  assert.match(checks[0]!.message, /se vio: servidor→servidor SYN, servidor→servidor SYN-ACK, servidor→servidor ACK/);
});

// On the machine's own network the document's port is shared with every other test file: take its lock.
test('without namespaces the packet checks say «no disponible», two-host steps are skipped, and lesson 30 still passes', () => withFixedPort(65432, async () => {
  const packets = await runCli(['leccion', 'paquetes-par-tcp', '--auto'], {
    env: { TALLER_SOCKETS_LECCIONES: FIXTURES, TALLER_SOCKETS_NETNS: '0', ...markerEnv() }, timeoutMs: 90_000,
  });
  assert.equal(packets.code, 0, packets.stdout + packets.stderr);
  assert.match(packets.stdout, /Vista de paquetes no disponible: desactivado con TALLER_SOCKETS_NETNS=0/);
  assert.match(packets.stdout, /el saludo de tres pasos \(SYN, SYN-ACK, ACK\)/, 'says what the learner would have seen');
  assert.match(packets.stdout, /no disponibles en este sistema/);

  const lesson30 = await runCli(['leccion', 'dos-maquinas', '--auto', '--json'], { env: { TALLER_SOCKETS_NETNS: '0', ...markerEnv() }, timeoutMs: 90_000 });
  assert.equal(lesson30.code, 0, lesson30.stdout + lesson30.stderr);
  const json = JSON.parse(lesson30.stdout) as { status: string; steps: Array<{ skipped?: string; checks: Array<{ status: string }> }> };
  assert.equal(json.status, 'pass');
  const skipped = json.steps.filter((step) => step.skipped);
  assert.ok(skipped.length > 0 && skipped.length < json.steps.length, 'some steps run on the real machine, the two-host ones do not');
  assert.ok(skipped.every((step) => /necesita dos máquinas/.test(step.skipped!)));
}));

test('--paquetes shows each step\'s segments and the whole conversation; --no-paquetes turns it off', { skip: skipOne }, async () => {
  const on = await runCli(['leccion', 'paquetes-par-tcp', '--auto', '--paquetes'], { env: { TALLER_SOCKETS_LECCIONES: FIXTURES, ...markerEnv() }, timeoutMs: 90_000 });
  assert.equal(on.code, 0, on.stdout + on.stderr);
  assert.match(on.stdout, /paquetes de este paso/);
  assert.match(on.stdout, /paquetes: la conversación completa/);
  assert.match(on.stdout, /│ SYN seq=0 ─+▶ │/);
  assert.match(on.stdout, /PSH-ACK seq=1 ack=1 22 B «Hola desde el cliente!»/);
  assert.match(on.stdout, /cliente envió el primer FIN \(cerró primero\): su lado queda en TIME_WAIT/);

  const off = await withFixedPort(65432, () => runCli(['leccion', 'paquetes-par-tcp', '--auto', '--no-paquetes'], {
    env: { TALLER_SOCKETS_LECCIONES: FIXTURES, ...markerEnv() }, timeoutMs: 90_000,
  }));
  assert.equal(off.code, 0, off.stdout + off.stderr);
  assert.doesNotMatch(off.stdout, /paquetes de este paso/);
  assert.match(off.stdout, /la vista de paquetes está desactivada \(--no-paquetes\)/);
});

test('format: unknown segment kinds and bad «maquinas» are reported with file and line', () => {
  const base = ['---', 'id: x', 'titulo: X', 'secciones: [x]', 'actores: [servidor, cliente]'];
  const body = ['---', '', '## Paso', '', '```python servidor', 'x = 1', '```', '', '```comprobar', '- paquetes: [SYN, SYNACK]', '- primer_fin: nadie', '```',
    '', '## Otro', '', '```python cliente', 'y = 2', '```'];
  const { problems } = parseLesson([...base, 'maquinas: {servidor: A, clientes: B}', ...body].join('\n'), 'x.md');
  const messages = problems.map((problem) => `${problem.line}: ${problem.message}`);
  assert.ok(messages.some((message) => /^6: .*«clientes» no está en «actores» \(¿quisiste decir «cliente»\?\)/.test(message)), messages.join('\n'));
  assert.ok(messages.some((message) => /^16: .*«SYNACK» no es un tipo de segmento \(¿quisiste decir «SYN(-ACK)?»\?\)/.test(message)), messages.join('\n'));
  assert.ok(messages.some((message) => /^17: .*«nadie» no es válido/.test(message)), messages.join('\n'));

  const good = parseLesson([...base, 'maquinas: {servidor: A, cliente: B}', ...body.map((line) => line.replace('SYNACK', 'FIN-ACK').replace('nadie', 'cliente'))].join('\n'), 'x.md');
  assert.deepEqual(good.problems, []);
  assert.deepEqual(good.lesson!.machines, { servidor: 'A', cliente: 'B' });
  assert.deepEqual(good.lesson!.steps[0]!.checks[0], { kind: 'packets', expect: ['SYN', 'FIN'], exact: false, from: undefined, text: undefined, line: 16 });
});

function markerEnv(): NodeJS.ProcessEnv {
  return { TALLER_SOCKETS_LEAK_MARKER: marker.value };
}
