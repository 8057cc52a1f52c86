import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT } from '../helpers/cli.js';
import { parseLesson, type ParseResult } from '../../src/lessons/parse-lesson.js';

interface BuildScript {
  prebuiltLessons(): Promise<[string, string][]>;
  writePrebuiltLessons(file: string, entries: [string, string][]): void;
  REQUIRE_BANNER: string;
}

/** The lessons table exactly as scripts/build.mjs puts it in the bundle, and a bundle reading it. */
async function bundledReader(): Promise<{ entries: [string, string][]; read: (text: string, file: string) => Promise<ParseResult>; cleanup: () => void }> {
  const script = (await import(pathToFileURL(join(ROOT, 'scripts', 'build.mjs')).href)) as BuildScript;
  const entries = await script.prebuiltLessons();
  const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-prebuilt-'));
  const outfile = join(dir, 'reader.mjs');
  script.writePrebuiltLessons(join(dir, 'table.json'), entries);
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/lessons/prebuilt-lessons.ts'],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    banner: { js: script.REQUIRE_BANNER },
    define: { 'globalThis.TALLER_SOCKETS_PREBUILT_LESSONS': JSON.stringify('./table.json') },
    logLevel: 'warning',
  });
  const reader = (await import(pathToFileURL(outfile).href)) as { parseLessonOrPrebuilt: (text: string, file: string) => Promise<ParseResult> };
  return { entries, read: reader.parseLessonOrPrebuilt, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('the bundle answers every shipped lesson exactly as the parser does, and parses any other text', async () => {
  const { entries, read, cleanup } = await bundledReader();
  try {
    const dir = join(ROOT, 'lessons');
    const files = readdirSync(dir).sort().map((name) => join(dir, name, 'leccion.md')).filter((file) => existsSync(file));
    assert.ok(files.length > 0, 'there are shipped lessons');
    let clean = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const parsed = parseLesson(text, file);
      if (parsed.lesson && parsed.problems.length === 0) clean++;
      // Same values, same undefined properties, same key order: nothing downstream can tell.
      const fromTable = await read(text, file);
      assert.deepStrictEqual(fromTable, parsed, file);
      assert.ok(JSON.stringify(fromTable) === JSON.stringify(parsed), `${file}: same key order`);
      // The same lesson elsewhere (a teacher's copy) keeps its own path.
      const copy = join(tmpdir(), 'otra-carpeta', 'leccion.md');
      assert.deepStrictEqual(await read(text, copy), parseLesson(text, copy));
    }
    assert.equal(entries.length, clean, 'every lesson without mistakes is in the table, and only those');

    // Edited after the build: not in the table, parsed (and its mistakes reported) as always.
    const [first] = files;
    const edited = readFileSync(first!, 'utf8').replace(/^id: .*$/m, 'id: Mal Id');
    const result = await read(edited, first!);
    assert.deepStrictEqual(result, parseLesson(edited, first!));
    assert.ok(result.problems.some((problem) => problem.field === 'id'), 'the edited mistake is reported');

    // Callers may change what they get: a later load must not see it.
    const again = await read(readFileSync(first!, 'utf8'), first!);
    again.lesson!.steps.length = 0;
    assert.ok((await read(readFileSync(first!, 'utf8'), first!)).lesson!.steps.length > 0);
  } finally {
    cleanup();
  }
});
