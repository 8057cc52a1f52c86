import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadLessons } from '../../src/lessons/load-lessons.js';

/**
 * Every «Fe de erratas» box cites the document's lines: «(línea 54)», «(líneas 42 y 43)» or
 * «(líneas 83 a 124)». Each cited line (both ends of a range) must hold at least one of the texts
 * the box quotes (`code` or «words»), so a box can never point at the wrong line again.
 */
const DOCUMENT = readFileSync(new URL('../fixtures/lessons-document/programacion-de-sockets.md', import.meta.url), 'utf8')
  .split('\n')
  // The document escapes Markdown (AF\_INET, \*): compare with what it shows.
  .map((line) => line.replace(/\\([_*])/g, '$1'));

interface ErrataBox { file: string; line: number; text: string }

function errataBoxes(file: string): ErrataBox[] {
  const boxes: ErrataBox[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
    if (line.startsWith('> **Fe de erratas**')) boxes.push({ file, line: index + 1, text: line.slice(2) });
    else if (boxes.length && line.startsWith('>') && boxes.at(-1)!.line + boxes.at(-1)!.text.split('\n').length === index + 1) boxes.at(-1)!.text += `\n${line.replace(/^> ?/, '')}`;
  });
  return boxes;
}

/** «(línea 54)» -> [54]; «(líneas 42 y 43)» -> [42, 43]; «(líneas 83 a 124)» -> [83, 124]. */
function citedLines(box: ErrataBox): number[] | undefined {
  const match = /^\*\*Fe de erratas\*\* \(l[ií]neas? (\d+)(?: (?:y|a) (\d+))?(?: del documento)?\)/.exec(box.text);
  if (!match) return undefined;
  return [Number(match[1]), ...(match[2] ? [Number(match[2])] : [])];
}

function quotes(box: ErrataBox): string[] {
  const text = box.text.replace(/\n/g, ' ');
  return [...text.matchAll(/`([^`]+)`|«([^»]+)»/g)].map((match) => (match[1] ?? match[2])!);
}

/** A quote is on a line as written, or around an ellipsis (`Socket.socket(...)`), or without its call parentheses. */
function onLine(quote: string, line: string): boolean {
  if (line.includes(quote)) return true;
  const parts = quote.split(/\.\.\.|…/).map((part) => part.trim()).filter((part) => part.length >= 3);
  if (parts.length > 1 || (parts.length === 1 && parts[0] !== quote)) return parts.every((part) => line.includes(part));
  const bare = quote.replace(/\(\)$/, '');
  return bare !== quote && bare.length >= 4 && line.includes(bare);
}

const lessons = (await loadLessons()).filter((lesson) => !lesson.extra);
const boxes = lessons.flatMap((lesson) => errataBoxes(lesson.file));

test('the document lessons have their errata boxes (the fixture is the document itself)', () => {
  assert.ok(boxes.length >= 26, `found ${boxes.length} boxes`);
  assert.match(DOCUMENT[21]!, /"import socket"\./);
});

for (const box of boxes) {
  const where = `${box.file.replace(/^.*\/lessons\//, 'lessons/')}:${box.line}`;
  test(`errata box ${where} quotes the document lines it cites`, () => {
    const lines = citedLines(box);
    assert.ok(lines, `${where}: the box starts with «(línea N)» or «(líneas N y M)»: ${box.text.slice(0, 80)}`);
    const quoted = quotes(box);
    for (const number of lines) {
      const line = DOCUMENT[number - 1];
      assert.ok(line !== undefined, `${where}: the document has no line ${number}`);
      assert.ok(quoted.some((quote) => onLine(quote, line)), `${where}: line ${number} of the document («${line.slice(0, 90)}») holds none of ${quoted.map((quote) => `«${quote}»`).join(', ')}`);
    }
  });
}
