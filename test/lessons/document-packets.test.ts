import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadLessons } from '../../src/lessons/load-lessons.js';
import { runLessonAuto, type LessonRunResult } from '../../src/engine/run-lesson.js';
import { isPacketCheck, type PacketCheck } from '../../src/engine/packets/packet-checks.js';
import { effectiveChecks } from '../../src/engine/checks.js';
import type { CheckResult } from '../../src/engine/check-result.js';
import type { Lesson } from '../../src/lessons/model.js';
import { NETNS_SWITCH, packetsAvailability } from '../../src/net/netns/availability.js';
import { leakMarker, survivingProcesses, openTcpEntries } from '../helpers/leaks.js';

/** The document's TCP and UDP lessons that show their packets, and how many packet checks each has. */
const PACKET_CHECKS: Record<string, number> = {
  '08-accept': 7,
  '09-send-y-recv': 8,
  '12-comunicacion-con-el-servidor': 9,
  '13-servidor-udp': 6,
};

const lessons = (await loadLessons()).filter((lesson) => lesson.folder in PACKET_CHECKS);
const lesson = (folder: string): Lesson => lessons.find((candidate) => candidate.folder === folder)!;

const availability = await packetsAvailability();
const skipOn = availability.available ? false : `sin espacios de nombres de red: ${availability.reason}`;

const marker = leakMarker();
after(async () => assert.deepEqual(await survivingProcesses(marker.value), [], 'no Python kernel survives the lessons'));

function packetChecks(lesson: Lesson): Array<{ step: number; check: PacketCheck }> {
  return lesson.steps.flatMap((step) => step.checks.filter(isPacketCheck).map((check) => ({ step: step.number, check })));
}

/** Every result of a packet check: results come in the order of the step's checks (plus the implicit sin_error). */
function packetResults(result: LessonRunResult): CheckResult[] {
  return result.steps.flatMap((step) => effectiveChecks(step.step.checks)
    .flatMap((check, index) => (isPacketCheck(check) && step.checks[index] ? [step.checks[index]] : [])));
}

function failures(result: LessonRunResult): string[] {
  return result.steps
    .filter((step) => step.status !== 'pass')
    .map((step) => `paso ${step.step.number} («${step.step.title}»): ${step.problem ?? ''}${step.checks
      .filter((check) => check.status === 'fail')
      .map((check) => `\n  ✘ ${check.name}: ${check.message}`)
      .join('')}\n  stdout: ${step.stdout}\n  stderr: ${step.stderr}`);
}

test('the document\'s TCP and UDP lessons check their packets: handshake, data and ACKs, FIN and TIME_WAIT, datagrams, ICMP', () => {
  assert.deepEqual(lessons.map((candidate) => candidate.folder).sort(), Object.keys(PACKET_CHECKS).sort());
  for (const candidate of lessons) {
    const checks = packetChecks(candidate);
    assert.equal(checks.length, PACKET_CHECKS[candidate.folder], `${candidate.folder}: packet checks`);
  }
  /** "=SYN,RST" (exact), "DATOS@cliente" (sent by), "ninguno", "fin@servidor", "handshake-before-accept". */
  const describe = (check: PacketCheck): string => {
    if (check.kind === 'first-fin') return `fin@${check.actor}`;
    if (check.kind !== 'packets') return check.kind;
    const words = check.expect.length ? `${check.exact ? '=' : ''}${check.expect.join(',')}` : 'ninguno';
    return `${words}${check.from ? `@${check.from}` : ''}`;
  };
  const kinds = (folder: string): string[] => packetChecks(lesson(folder)).map(({ check }) => describe(check));
  // accept(): the handshake completes before accept() returns, which sends nothing; a late SYN gets RST.
  assert.ok(kinds('08-accept').includes('=SYN,SYN-ACK,ACK'));
  assert.ok(kinds('08-accept').includes('ninguno'));
  assert.equal(kinds('08-accept').filter((kind) => kind === 'handshake-before-accept').length, 2);
  assert.ok(kinds('08-accept').includes('=SYN,RST'));
  // send()/recv(): the server that dies closes first (TIME_WAIT on its port), the fixed one lets the client close first.
  assert.ok(kinds('09-send-y-recv').includes('DATOS@cliente'));
  assert.ok(kinds('09-send-y-recv').includes('DATOS@servidor'));
  assert.deepEqual(kinds('09-send-y-recv').filter((kind) => kind.startsWith('fin@')), ['fin@servidor', 'fin@cliente']);
  // The clients: TCP handshake and close; UDP datagram and ICMP «port unreachable», connected or not.
  assert.ok(kinds('12-comunicacion-con-el-servidor').includes('=SYN,SYN-ACK,ACK'));
  assert.equal(kinds('12-comunicacion-con-el-servidor').filter((kind) => kind === '=UDP,ICMP').length, 2);
  assert.ok(kinds('12-comunicacion-con-el-servidor').includes('fin@cliente'));
  // The UDP server: one datagram per sendto(), none for recvfrom().
  assert.ok(kinds('13-servidor-udp').includes('=UDP@cliente'));
  assert.ok(kinds('13-servidor-udp').includes('=UDP@servidor'));
  assert.ok(kinds('13-servidor-udp').includes('=UDP,UDP@cliente'));
  assert.ok(kinds('13-servidor-udp').includes('ninguno'));
});

test('with the packets view on (the default for these lessons), every packet check passes', { skip: skipOn, concurrency: true }, async (t) => {
  await Promise.all(lessons.map((candidate) => t.test(candidate.folder, async () => {
    const result = await runLessonAuto(candidate, { env: marker.env, readTcpStates: true });
    assert.deepEqual(failures(result), []);
    assert.equal(result.status, 'pass');
    assert.equal(result.steps.length, candidate.steps.length);
    const checks = packetResults(result);
    assert.equal(checks.length, PACKET_CHECKS[candidate.folder], 'every packet check was evaluated');
    assert.deepEqual(checks.filter((check) => check.status !== 'pass').map((check) => `${check.name}: ${check.status} ${check.message}`), [], 'none skipped where namespaces exist');
    assert.ok(result.steps.some((step) => step.packets?.segments.length), 'segments were captured');
  })));
});

// Where a private network cannot be made, the same run on the machine's own network: packet
// checks say «no disponible» and the lesson still passes. Free ports stand in for the document's.
test(`with ${NETNS_SWITCH}=0 the packet checks are «no disponible» and every lesson still passes`, { concurrency: true }, async (t) => {
  const before = process.env[NETNS_SWITCH];
  process.env[NETNS_SWITCH] = '0';
  try {
    await Promise.all(lessons.map((candidate) => t.test(candidate.folder, async () => {
      const result = await runLessonAuto(candidate, { env: marker.env, readTcpStates: true, alwaysSubstitutePorts: true });
      assert.deepEqual(failures(result), []);
      assert.equal(result.status, 'pass');
      const checks = packetResults(result);
      assert.equal(checks.length, PACKET_CHECKS[candidate.folder]);
      for (const check of checks) {
        assert.equal(check.status, 'skip', check.name);
        assert.match(check.message, new RegExp(`no disponible: desactivado con ${NETNS_SWITCH}=0`));
      }
      assert.ok(result.steps.every((step) => !step.packets), 'nothing captured');
      const usedPorts = result.substitutions.map((substitution) => substitution.replacement);
      assert.deepEqual(await openTcpEntries(usedPorts), [], 'nothing stays listening or connected');
    })));
  } finally {
    if (before === undefined) delete process.env[NETNS_SWITCH];
    else process.env[NETNS_SWITCH] = before;
  }
});
