import { it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, ROOT } from '../helpers/cli.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';

/**
 * CI runs `autor validar` over the shipped content: every lesson green with --auto (on free
 * ports, several at once), every exercise's solution passes, its starter fails, every known-wrong
 * program fails with its declared message (each in its own private network), no placeholders.
 */
const count = (dir: string, file: string): number =>
  readdirSync(join(ROOT, dir)).filter((name) => existsSync(join(ROOT, dir, name, file))).length;

it('autor validar: el contenido del taller está en orden', { timeout: 600_000 }, async () => {
  const marker = leakMarker();
  const run = await runCli(['autor', 'validar', '--json'], { env: { TALLER_SOCKETS_LEAK_MARKER: marker.value }, timeoutMs: 540_000 });
  const report = JSON.parse(run.stdout) as { ok: boolean; lessons: number; exercises: number; checks: number; findings: unknown[] };
  assert.deepEqual(report.findings, [], run.stdout);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(report.ok, true);
  assert.equal(report.lessons, count('lessons', 'leccion.md'));
  assert.equal(report.exercises, count('exercises', 'ejercicio.yaml'));
  assert.ok(report.checks > report.lessons + 2 * report.exercises, 'lessons, solutions, starters and wrong programs all ran');
  assert.deepEqual(await survivingProcesses(marker.value), []);
});
