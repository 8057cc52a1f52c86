import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { readTcpTable } from '../../src/system/proc/socket-table.js';
import { whyBusy } from '../../src/grader/port-choice.js';
import { holdPort } from '../../src/teacher/port-holder.js';
import { gradeProgram, type GradeOptions } from '../../src/grader/run-tester.js';
import type { GradeResult, TestResult, TesterDefinition } from '../../src/grader/types.js';
import { leakMarker, openTcpEntries, survivingProcesses } from '../helpers/leaks.js';

/**
 * Grades a program and checks what must hold after every run, whatever the result: no process
 * of the learner's left (found by an environment marker), nothing open on the port, and no
 * TIME_WAIT on the port the learner's program used (the next run must be able to bind it).
 */
export async function gradeChecked(tester: TesterDefinition, file: string, options: GradeOptions = {}): Promise<GradeResult> {
  const marker = leakMarker();
  const result = await gradeProgram(tester, file, { ...options, env: { ...options.env, TALLER_SOCKETS_LEAK_MARKER: marker.value } });
  assert.deepEqual(await survivingProcesses(marker.value), [], `procesos del programa vivos tras verificar ${file}`);
  if (tester.transport === 'tcp') {
    assert.deepEqual(await openTcpEntriesSettled(result.port), [], `conexiones abiertas en ${result.port} tras verificar ${file}`);
    if (!tester.timeWaitExpected) assert.deepEqual(await timeWaitOn(result.port), [], `TIME_WAIT en el puerto ${result.port} tras verificar ${file}`);
  }
  return result;
}

/**
 * Listening or connected entries on `port` once the closes in flight have finished: the run ends
 * by closing our sockets and killing the program, and a connection may still be in LAST_ACK or
 * FIN_WAIT for a moment on a loaded machine. A leak stays; a close in flight is gone within the wait.
 */
async function openTcpEntriesSettled(port: number, waitMs = 2000): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  let open = await openTcpEntries([port]);
  while (open.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    open = await openTcpEntries([port]);
  }
  return open;
}

/** Entries in TIME_WAIT whose local port is `port` (Linux; [] elsewhere). */
export async function timeWaitOn(port: number): Promise<string[]> {
  const table = await readTcpTable();
  if (!table.available) return [];
  return table.entries
    .filter((entry) => entry.localPort === port && entry.state === 'TIME_WAIT')
    .map((entry) => `${entry.localHost}:${entry.localPort} -> ${entry.remotePort}`);
}

export function firstFailure(result: GradeResult): TestResult | undefined {
  return result.tests.find((test) => test.status === 'fail' || test.status === 'error');
}

/** The run failed, in a test whose name contains `testName` (when given), with every text in `expects`. */
export function assertFailsWith(result: GradeResult, expects: string[], testName?: string): void {
  const failed = firstFailure(result);
  assert.ok(failed, `debía fallar y pasó: ${JSON.stringify(result.tests.map((test) => test.name))}`);
  assert.notEqual(result.status, 'pass');
  if (testName) assert.ok(failed.name.includes(testName), `falló «${failed.name}», y debía fallar la prueba «${testName}»\n${failed.message}`);
  for (const text of expects) {
    assert.ok(failed.message?.includes(text), `al mensaje le falta «${text}»:\n${failed.message}`);
  }
  // Nothing of ours leaks into what the learner reads.
  assert.doesNotMatch(failed.message ?? '', /at .*\.(ts|js):\d+|node:internal|TestFailure/);
}

export function assertPasses(result: GradeResult): void {
  const failed = firstFailure(result);
  assert.equal(result.status, 'pass', failed ? `falló «${failed.name}»:\n${failed.message}\n--- salida:\n${failed.output}` : 'no pasó');
  assert.ok(result.tests.length > 0);
  // A test that could not run here (the document's port held by another test or program) says why; every other passed.
  assert.ok(result.tests.every((test) => test.status === 'pass' || (test.status === 'skip' && test.message)));
}

/** Another program holding a port on loopback (TCP listener or bound UDP socket) until released. */
export const occupyPort = holdPort;

/**
 * Test files take the port lock, but a program outside the tests (a learner's server left open,
 * a lesson run by hand) may hold a document port: then a test about that port cannot mean
 * anything, and is skipped saying why.
 */
export async function busyOutsideTests(t: TestContext, transport: 'tcp' | 'udp', port: number): Promise<boolean> {
  const reason = await whyBusy(transport, '127.0.0.1', port);
  if (reason) t.skip(`el puerto ${port} ${reason}, fuera de las pruebas`);
  return reason !== undefined;
}

/** The grader's own words when it found another program on the run's port (its owner decided from /proc). */
const STRANGER_ON_PORT = 'otro programa ocupó ese puerto';

/**
 * A test on a document port holds the workshop's reservation, but a program outside the tests
 * (on a shared computer) may still bind that port meanwhile: when the grader says so, the test
 * cannot mean anything and is skipped saying why (the check before the run had found it free).
 */
export function strangerTookPort(t: TestContext, result: GradeResult): boolean {
  const stranger = result.tests.some((test) => test.message?.includes(STRANGER_ON_PORT));
  if (stranger) t.skip(`otro programa, fuera de las pruebas, ocupó el puerto ${result.port} durante la prueba`);
  return stranger;
}
