import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT } from '../helpers/cli.js';
import { parseExerciseMeta, type ExerciseMeta } from '../../src/grader/exercise-meta.js';
import { lessonIndex } from '../../src/lessons/load-lessons.js';

interface BuildScript {
  prebuiltExercises(): Promise<[string, string][]>;
  writePrebuiltLessons(file: string, entries: [string, string][]): void;
  REQUIRE_BANNER: string;
}

type Reader = (text: string, lessonIds?: Set<string>) => ExerciseMeta | undefined;

/** The exercises table exactly as scripts/build.mjs puts it beside the bundle, and a bundle reading it. */
async function bundledReader(): Promise<{ entries: [string, string][]; read: Reader; cleanup: () => void }> {
  const script = (await import(pathToFileURL(join(ROOT, 'scripts', 'build.mjs')).href)) as BuildScript;
  const entries = await script.prebuiltExercises();
  const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-prebuilt-'));
  const outfile = join(dir, 'reader.mjs');
  script.writePrebuiltLessons(join(dir, 'table.json'), entries);
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/grader/prebuilt-exercises.ts'],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    banner: { js: script.REQUIRE_BANNER },
    define: { 'globalThis.TALLER_SOCKETS_PREBUILT_EXERCISES': JSON.stringify('./table.json') },
    logLevel: 'warning',
  });
  const reader = (await import(pathToFileURL(outfile).href)) as { prebuiltExerciseMeta: Reader };
  return { entries, read: reader.prebuiltExerciseMeta, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The meta without its tester (the bundle has its own copy of the testers): the tester by its id. */
function comparable(meta: ExerciseMeta | undefined): unknown {
  if (!meta) return meta;
  const { tester, ...rest } = meta;
  return { ...rest, tester: tester.exerciseId, tests: tester.tests().map((one) => one.name) };
}

test('the bundle answers every shipped ejercicio.yaml as the parser does, and leaves any other text to it', async () => {
  const { entries, read, cleanup } = await bundledReader();
  try {
    const dir = join(ROOT, 'exercises');
    const files = readdirSync(dir).sort().map((name) => join(dir, name, 'ejercicio.yaml')).filter((file) => existsSync(file));
    assert.ok(files.length > 0, 'there are shipped exercises');
    const lessonIds = new Set(lessonIndex().map((lesson) => lesson.id));
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const problems: unknown[] = [];
      const parsed = parseExerciseMeta(text, file, problems as never[], lessonIds);
      assert.deepStrictEqual(problems, [], file);
      assert.deepStrictEqual(comparable(read(text, lessonIds)), comparable(parsed), file);
      // A course without the lesson it follows: not answered from the table (the parser names the mistake).
      if (parsed?.lesson) assert.equal(read(text, new Set(['otra-leccion'])), undefined, file);
    }
    assert.equal(entries.length, files.length, 'every shipped exercise is in the table');
    // Edited after the build: not in the table.
    assert.equal(read(`${readFileSync(files[0]!, 'utf8')}\n# editado\n`, lessonIds), undefined);
  } finally {
    cleanup();
  }
});
