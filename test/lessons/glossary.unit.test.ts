import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadLessons } from '../../src/lessons/load-lessons.js';
import type { Lesson } from '../../src/lessons/model.js';

/**
 * One Spanish: the rejected variants listed in docs/glosario.md never appear in what the learner
 * reads. Code (fences and `inline`), quotes of the document («...») and the glossary itself do not
 * count: they show what Python and the document write.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const GLOSSARY = readFileSync(join(ROOT, 'docs/glosario.md'), 'utf8');

interface Variant { term: string; variant: string; pattern: RegExp }

// A trailing star takes every form of a word (enlaz: enlazar, enlaza); capitals make it case-sensitive (UNIX).
function variantPattern(variant: string): RegExp {
  const escape = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  const body = variant.split('*').map(escape).join('[\\p{L}]*');
  const word = /^\p{L}/u.test(variant);
  const endsInLetter = /\p{L}$/u.test(variant);
  const flags = variant === variant.toLowerCase() ? 'iu' : 'u';
  return new RegExp(`${word ? '(?<![\\p{L}\\d_.])' : ''}${body}${endsInLetter ? '(?![\\p{L}\\d_])' : ''}`, flags);
}

function glossaryVariants(): Variant[] {
  const rows = GLOSSARY.split('\n').filter((line) => /^\| [^-|]/.test(line) && !line.startsWith('| término'));
  return rows.flatMap((row) => {
    const cells = row.split('|').map((cell) => cell.trim());
    const term = cells[1]!;
    const rejected = cells[4] ?? '';
    // «(en pantalla) `true`»: screen-only variants are checked on CLI strings, not on prose.
    if (rejected.startsWith('(en pantalla)')) return [];
    return [...rejected.matchAll(/`([^`]+)`/g)].map((match) => ({ term, variant: match[1]!, pattern: variantPattern(match[1]!) }));
  });
}

/** Prose without code and without quotes of other texts. */
function proseOf(text: string): string {
  return text
    .replace(/^(```|~~~)[\s\S]*?^\1/gm, '')
    .replace(/`[^`\n]*`/g, '')
    .replace(/«[^»\n]*»/g, '')
    // Python's own names (socket.timeout, TimeoutError, SO_REUSEADDR) are what the learner sees.
    .replace(/[\w]+(\.[\w]+)+(\(\))?/g, '')
    .replace(/\b[A-Z][a-z]+[A-Z]\w*/g, '')
    .replace(/\b\w*_\w*\b/g, '')
    .replace(/\b\w+=/g, '')
    // Ids (timeouts-y-bloqueo) name files and lessons: not prose.
    .replace(/\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g, '')
    .replace(/https?:\/\/\S+/g, '');
}

function lessonTexts(lesson: Lesson): string[] {
  return [lesson.title, lesson.intro, ...lesson.steps.flatMap((step) => [step.title, step.explanation, step.after, ...step.checks.map((check) => check.text ?? '')])];
}

const variants = glossaryVariants();
const lessons = await loadLessons();

function findings(where: string, text: string): string[] {
  const prose = proseOf(text);
  return variants.flatMap(({ term, variant, pattern }) => {
    const match = pattern.exec(prose);
    if (!match) return [];
    const around = prose.slice(Math.max(0, match.index - 30), match.index + 30).replace(/\s+/g, ' ');
    return [`${where}: «${match[0]}» (el glosario dice «${term}», no «${variant}»): …${around}…`];
  });
}

test('the glossary lists terms with their English name and the variants it rejects', () => {
  assert.ok(variants.length >= 15, `variants: ${variants.map((entry) => entry.variant).join(', ')}`);
  for (const wanted of ['vincular', 'tiempo de espera', 'búfer', 'computadora']) assert.ok(GLOSSARY.includes(`| ${wanted} |`), wanted);
  const sample = (variant: string, text: string): boolean => variants.find((entry) => entry.variant === variant)!.pattern.test(text);
  assert.ok(sample('enlaz*', 'lo enlaza al puerto'));
  assert.ok(!sample('enlaz*', 'un enlace')); // «enlace» (a link) is another word
  assert.ok(sample('UNIX', 'sockets UNIX') && !sample('UNIX', 'sockets Unix'));
  assert.ok(sample('tiempo* límite', 'con un tiempo límite') && sample('tiempo* límite', 'tiempos límite'));
  assert.ok(!sample('buffer*', 'el búfer'));
  assert.ok(sample('“', 'dijo “hola”'));
});

for (const lesson of lessons) {
  test(`lesson ${lesson.folder} uses the glossary's terms`, () => {
    assert.deepEqual(lessonTexts(lesson).flatMap((text) => findings(lesson.folder, text)), []);
  });
}

test('the docs use the glossary\'s terms', () => {
  const docs = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md') && name !== 'glosario.md');
  assert.ok(docs.length >= 2);
  assert.deepEqual(docs.flatMap((name) => findings(`docs/${name}`, readFileSync(join(ROOT, 'docs', name), 'utf8'))), []);
});

/** Every text file of the exercises (statements, hints, programs' messages). */
function exerciseFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return exerciseFiles(path);
    return /\.(md|ya?ml|py)$/.test(entry.name) ? [path] : [];
  });
}

test('the exercises use the glossary\'s terms', () => {
  const files = exerciseFiles(join(ROOT, 'exercises'));
  assert.ok(files.length >= 6);
  // Python programs print the document's own texts («Socket enlazado a...»): only their comments are prose.
  const prose = (file: string): string => {
    const text = readFileSync(file, 'utf8');
    // `# espera:` / `# prueba:` are the grader's data (the texts a failure must contain, Python's own).
    return file.endsWith('.py') ? [...text.matchAll(/#(?! *(?:espera|prueba):)(.*)$/gm)].map((match) => match[1]).join('\n') : text;
  };
  assert.deepEqual(files.flatMap((file) => findings(file.slice(ROOT.length), prose(file))), []);
});

/** A template's text without its `${...}` parts (which may nest). */
function withoutInterpolations(text: string): string {
  let result = text;
  for (let previous = ''; previous !== result;) {
    previous = result;
    result = result.replace(/\$\{[^{}]*\}/g, ' ');
  }
  return result.replace(/\$\{[\s\S]*$/, ' ');
}

/** The string literals of a TypeScript file (what the CLI prints), without its comments. */
function stringLiterals(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
  return [...code.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)]
    .map((match) => withoutInterpolations(match[1] ?? match[2] ?? match[3] ?? ''))
    .filter((text) => /\p{L}{3,}\s+\p{L}{2,}/u.test(text));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

test('the CLI\'s messages use the glossary\'s terms', () => {
  const files = sourceFiles(join(ROOT, 'src'));
  const found = files.flatMap((file) => stringLiterals(readFileSync(file, 'utf8')).flatMap((text) => findings(file.slice(ROOT.length), text)));
  assert.deepEqual(found, []);
});
