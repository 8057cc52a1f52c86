// Which lessons the bench runs: the shipped ones (lessons/), or the test fixture while the course
// has none yet. Only what the bench needs is read here (id, first step's actor and code line).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function findBenchLessons(root, { fixtureOnly = false } = {}) {
  const shipped = join(root, 'lessons');
  const shippedFiles = fixtureOnly ? [] : lessonFiles(shipped);
  if (shippedFiles.length) return { source: 'lessons/', dir: shipped, env: {}, lessons: shippedFiles.map(readLessonHead) };
  const fixture = join(root, 'test', 'fixtures', 'lessons');
  return {
    source: fixtureOnly ? 'test/fixtures/lessons/' : 'test/fixtures/lessons/ (lessons/ está vacía)',
    dir: fixture,
    env: { TALLER_SOCKETS_LECCIONES: fixture },
    lessons: lessonFiles(fixture).map(readLessonHead),
  };
}

function lessonFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'leccion.md')))
    .map((entry) => join(dir, entry.name, 'leccion.md'))
    .sort();
}

function readLessonHead(file) {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const id = lines.find((line) => /^id:\s*/.test(line))?.replace(/^id:\s*/, '').replace(/\s+#.*$/, '').trim();
  const firstStep = lines.findIndex((line) => line.startsWith('## '));
  let actor;
  let firstCodeLine;
  for (let index = firstStep + 1; firstStep >= 0 && index < lines.length; index++) {
    const fence = /^```python\s+(\S+)\s*$/.exec(lines[index]);
    if (fence) {
      actor = fence[1];
      firstCodeLine = lines[index + 1] ?? '';
      break;
    }
  }
  return { id, file, actor, firstCodeLine };
}

/**
 * The text the CLI prints with the first step's code (`  actor ▸ first line`). The document's
 * ports in it may be replaced by free ones, so any number stands for them.
 */
export function firstCodeMarker(lesson) {
  if (!lesson.actor) return undefined;
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = escape(lesson.firstCodeLine.trimEnd()).replace(/65432|9999/g, '\\d+');
  return new RegExp(`${escape(lesson.actor)} ▸ ${line}`);
}
