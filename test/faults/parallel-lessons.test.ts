import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';
import { lessonReservationPath } from '../../src/engine/lesson-reservations.js';

const DOCUMENT_PORT = 65432;
const AT_ONCE = 4;
const ROUNDS = 3;

interface LessonJson {
  status: string;
  ports: Array<{ port: number; replacement: number }>;
}

test(`${AT_ONCE} lecciones a la vez con --no-paquetes en una misma computadora: todas bien, cada una en su puerto (${ROUNDS} rondas)`, async () => {
  const marker = leakMarker();
  for (let round = 1; round <= ROUNDS; round++) {
    // The document's port, not free ports: this is what two learners in two terminals run.
    const runs = await Promise.all(Array.from({ length: AT_ONCE }, () =>
      runCli(['leccion', 'accept', '--auto', '--no-paquetes', '--json'], { env: { ...marker.env, TALLER_SOCKETS_PUERTOS_LIBRES: '' }, timeoutMs: 120_000 })));
    const used: number[] = [];
    for (const run of runs) {
      assert.equal(run.code, 0, `round ${round}: ${run.stdout}\n${run.stderr}`);
      const result = JSON.parse(run.stdout) as LessonJson;
      assert.equal(result.status, 'pass');
      used.push(result.ports.find((port) => port.port === DOCUMENT_PORT)?.replacement ?? DOCUMENT_PORT);
    }
    assert.equal(new Set(used).size, AT_ONCE, `round ${round}: every lesson had a port of its own (${used.join(', ')})`);
  }
  assert.deepEqual(await survivingProcesses(marker.value), []);
  // Each run released its reservation: a lock there now can only be a live process's (a test elsewhere).
  const owner = lockOwner(DOCUMENT_PORT);
  if (owner !== undefined) assert.ok(isAlive(owner), `a finished lesson (pid ${owner}) left its reservation of ${DOCUMENT_PORT} behind`);
});

function lockOwner(port: number): number | undefined {
  try {
    return Number(readFileSync(join(lessonReservationPath(port), 'pid'), 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
