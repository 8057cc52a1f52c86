import { prebuiltTable } from './prebuilt-table.js';
import { basename, dirname } from 'node:path';
import type { Lesson } from './model.js';
import type { ParseResult } from './parse-lesson.js';

/**
 * The shipped lessons, parsed when the bundle was built: scripts/build.mjs runs this same parser
 * on lessons/ and puts the results in the bundle, keyed by each file's exact text. Parsing the
 * YAML of every lesson was most of the time `lecciones` and a lesson's first screen took
 * (--cpu-prof). A lesson whose text differs from the built one (edited, or a teacher's own) is
 * parsed as always; run from source (tests, tsx) there is no such table and every lesson is.
 * The parser (and the YAML library) is imported only then.
 */
const builtFile = (globalThis as { TALLER_SOCKETS_PREBUILT_LESSONS?: string }).TALLER_SOCKETS_PREBUILT_LESSONS;

/** Lesson text -> the lesson as JSON, without its file and folder (they depend on where it is). */
const builtTable = prebuiltTable(builtFile, import.meta.url);

export async function parseLessonOrPrebuilt(text: string, file: string): Promise<ParseResult> {
  const stored = builtTable().get(text);
  if (stored === undefined) return (await import('./parse-lesson.js')).parseLesson(text, file);
  // Parsed anew at every hit: callers get fresh objects, as from parseLesson.
  const located = restoreUndefined(JSON.parse(stored)) as Omit<Lesson, 'file' | 'folder'>;
  return { problems: [], lesson: { ...located, file, folder: basename(dirname(file)) } };
}

/** JSON drops properties whose value is undefined; the build marks them so they come back as they were. */
const UNDEFINED_MARK = '\u0000undefined\u0000';

function restoreUndefined(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (record[key] === UNDEFINED_MARK) record[key] = undefined;
    else restoreUndefined(record[key]);
  }
  return value;
}
