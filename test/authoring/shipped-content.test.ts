import { it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadLessons } from '../../src/lessons/load-lessons.js';
import { runCli, ROOT } from '../helpers/cli.js';

/**
 * CI validates the shipped content with the teachers' own tool, without running it again: each
 * lesson and exercise runs live once per `npm test`, in its suite (test/lessons/document-lessons
 * and extra-lessons run every lesson with --auto; test/grader/exercises and wrong-programs grade
 * every solution, starter and known-wrong program). `autor validar` running content live is
 * proven on teachers' folders (author-cli, guide-examples, classroom).
 */
const count = (dir: string, file: string): number =>
  readdirSync(join(ROOT, dir)).filter((name) => existsSync(join(ROOT, dir, name, file))).length;

it('autor validar --sin-ejecutar: el formato del contenido del taller está en orden', { timeout: 120_000 }, async () => {
  const run = await runCli(['autor', 'validar', '--sin-ejecutar', '--json'], { timeoutMs: 100_000 });
  const report = JSON.parse(run.stdout) as { ok: boolean; lessons: number; exercises: number; checks: number; findings: unknown[] };
  assert.deepEqual(report.findings, [], run.stdout);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(report.ok, true);
  assert.equal(report.lessons, count('lessons', 'leccion.md'));
  assert.equal(report.exercises, count('exercises', 'ejercicio.yaml'));
  assert.equal(report.checks, 0, 'nothing ran live');
});

it('cada lección del taller la ejecuta en vivo exactamente una de las dos suites de lecciones', async () => {
  const inDocumentSuite = (folder: string): boolean => /^(0[1-9]|1[0-3])-/.test(folder);
  const inExtraSuite = (lesson: { extra: boolean; folder: string }): boolean => lesson.extra && Number(lesson.folder.slice(0, 2)) >= 14;
  const uncovered = (await loadLessons()).filter((lesson) => inDocumentSuite(lesson.folder) === inExtraSuite(lesson));
  assert.deepEqual(uncovered.map((lesson) => lesson.folder), []);
});
