import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentFormatError, contentLimitProblems, type FormatProblem } from '../lessons/format-error.js';
import { UserError } from '../errors.js';
import { closest } from '../text/closest.js';
import { lessonIndex, shippedLessonsDir, type LessonRef } from '../lessons/load-lessons.js';
import type { ExerciseMeta, StatementRule } from './exercise-meta.js';
import { prebuiltExerciseMeta } from './prebuilt-exercises.js';
import { rulesWithoutTest } from './statement-rules.js';
import { shippedContent, type ContentFolders } from '../lessons/content-folders.js';
import type { TesterDefinition } from './types.js';

/**
 * Exercises are data, one folder each (`exercises/<nn>-<id>/`): ejercicio.yaml (id, title,
 * hints, the tester by id, the lesson it follows, statement rules), enunciado.md, inicio.py (the starter: must fail), solucion.py (must pass) and
 * errores/*.py (known-wrong programs, each saying in its first lines which message its failure
 * must contain). The tests themselves are TypeScript, per exercise (src/grader/testers).
 */
export interface Exercise {
  id: string;
  /** 1-based position in the course. */
  number: number;
  title: string;
  dir: string;
  /** The file the learner writes: `<id>.py`. */
  fileName: string;
  statement: string;
  starter: string;
  solutionFile: string;
  hints: string[];
  wrongPrograms: WrongProgram[];
  tester: TesterDefinition;
  /** The tester's id in the registry (`pruebas:` in ejercicio.yaml; by default the exercise's id). */
  testerId: string;
  /** The lesson it practises: in the course it comes right after it. */
  lesson?: string;
  /** Statement rules and the test that checks each. */
  rules: StatementRule[];
  /** Points per test, as data for the teacher's tools (see ExerciseMeta.points). */
  points?: Record<string, number>;
}

/** A known-wrong program and what its failure must say, from its header comments. */
export interface WrongProgram {
  file: string;
  name: string;
  /** `# espera: <texto>`: text the failure message must contain (one or more). */
  expects: string[];
  /** `# prueba: <nombre>`: the test that must fail (its name contains this). */
  failingTest?: string;
  /** `# puerto-fijo: 65432`: the program touches this port itself (tests take its lock). */
  fixedPort?: number;
  /** `# ocupar-puerto: 65432`: before grading, another program holds this port. */
  occupyPort?: number;
}

export const EXERCISE_FILE = 'ejercicio.yaml';



let cache: { key: string; exercises: Exercise[] } | undefined;

/** The exercises of a course, in course order (after the lessons they practise); fails on any mistake. */
export async function loadExercises(content: ContentFolders = shippedContent()): Promise<Exercise[]> {
  const key = JSON.stringify(content);
  if (cache?.key === key) return cache.exercises;
  const { exercises, problems } = await readExercises(content.exercises, lessonIndex(content.lessons));
  if (problems.length) throw new ContentFormatError(problems);
  cache = { key, exercises };
  return exercises;
}

/**
 * Every exercise that loads, in course order, and every mistake found (authoring tools report
 * them all). Course order: an exercise that names its lesson (`leccion:`) comes right after it,
 * in the order of the lessons; those that name none, after every lesson; ties in folder order.
 */
export async function readExercises(dirs: string | string[], lessons: LessonRef[] = lessonIndex()): Promise<{ exercises: Exercise[]; problems: FormatProblem[] }> {
  const problems: FormatProblem[] = [];
  const exercises: Exercise[] = [];
  const lessonIds = new Set([...lessons, ...lessonIndex([shippedLessonsDir()])].map((lesson) => lesson.id));
  for (const dir of typeof dirs === 'string' ? [dirs] : dirs) {
    if (!existsSync(dir)) throw new UserError(`No existe la carpeta de ejercicios ${dir}`);
    const folders = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, EXERCISE_FILE)))
      .map((entry) => entry.name)
      .sort();
    for (const folder of folders) {
      const exercise = await loadExercise(join(dir, folder), 0, problems, lessonIds);
      if (!exercise) continue;
      const other = exercises.find((candidate) => candidate.id === exercise.id);
      if (other) problems.push({ file: join(exercise.dir, EXERCISE_FILE), line: 1, field: 'id', message: `el id «${exercise.id}» ya lo usa ${other.dir}` });
      else exercises.push(exercise);
    }
  }
  const position = new Map(lessons.map((lesson, index) => [lesson.id, index]));
  const place = (exercise: Exercise): number => (exercise.lesson !== undefined ? (position.get(exercise.lesson) ?? lessons.length) : lessons.length);
  const ordered = exercises.map((exercise, index) => ({ exercise, index })).sort((a, b) => place(a.exercise) - place(b.exercise) || a.index - b.index);
  return { exercises: ordered.map(({ exercise }, index) => ({ ...exercise, number: index + 1 })), problems };
}

/**
 * ejercicio.yaml parsed here, for a text the build did not parse (custom content, or run from
 * source): the parser and the YAML library (260 KB of code to compile) load only then.
 */
async function parsedMeta(yaml: string, file: string, problems: FormatProblem[], lessonIds?: Set<string>): Promise<ExerciseMeta | undefined> {
  return (await import('./exercise-meta.js')).parseExerciseMeta(yaml, file, problems, lessonIds);
}

export async function loadExercise(dir: string, number: number, problems: FormatProblem[], lessonIds?: Set<string>): Promise<Exercise | undefined> {
  const yamlFile = join(dir, EXERCISE_FILE);
  const yaml = readFileSync(yamlFile, 'utf8');
  const meta = prebuiltExerciseMeta(yaml, lessonIds) ?? (await parsedMeta(yaml, yamlFile, problems, lessonIds));
  const read = (name: string): string | undefined => {
    const file = join(dir, name);
    if (!existsSync(file)) {
      problems.push({ file, line: 1, message: `falta el archivo ${name}` });
      return undefined;
    }
    const text = readFileSync(file, 'utf8');
    const tooLarge = contentLimitProblems(text, file);
    problems.push(...tooLarge);
    return tooLarge.length ? undefined : text;
  };
  const statement = read('enunciado.md');
  const starter = read('inicio.py');
  const solution = read('solucion.py');
  if (!meta || statement === undefined || starter === undefined || solution === undefined) return undefined;
  const quoted = rulesWithoutTest(statement, meta.rules.map((rule) => ({ name: String(rule.line), rule: rule.rule })));
  for (const { test: line, rule } of quoted.misquoted) {
    problems.push({ file: yamlFile, line: Number(line), field: 'reglas', message: `«${rule}» no está entre las reglas numeradas de «Qué debe hacer tu programa» en enunciado.md` });
  }
  const wrongDir = join(dir, 'errores');
  const wrongPrograms = existsSync(wrongDir)
    ? readdirSync(wrongDir).filter((name) => name.endsWith('.py')).sort().map((name) => parseWrongProgram(join(wrongDir, name), problems))
    : [];
  return {
    id: meta.id,
    number,
    title: meta.title,
    dir,
    fileName: `${meta.id}.py`,
    statement,
    starter,
    solutionFile: join(dir, 'solucion.py'),
    hints: meta.hints,
    wrongPrograms: wrongPrograms.filter((program): program is WrongProgram => program !== undefined),
    tester: withStatementRules(meta.tester, meta.rules),
    testerId: meta.testerId,
    ...(meta.lesson ? { lesson: meta.lesson } : {}),
    rules: meta.rules,
    ...(meta.points ? { points: meta.points } : {}),
  };
}

/**
 * The statement rules of ejercicio.yaml (`reglas:`) attached to the tests they name, as the
 * rules a tester declares itself (TestCase.rule): one way to check that every rule has a test.
 */
function withStatementRules(tester: TesterDefinition, rules: StatementRule[]): TesterDefinition {
  if (!rules.length) return tester;
  return {
    ...tester,
    tests: () =>
      tester.tests().map((test) => {
        const quotes = rules.filter((rule) => test.name.includes(rule.test)).map((rule) => rule.rule);
        return quotes.length ? { ...test, rule: [...[test.rule ?? []].flat(), ...quotes] } : test;
      }),
  };
}

function parseWrongProgram(file: string, problems: FormatProblem[]): WrongProgram | undefined {
  const program: WrongProgram = { file, name: file.split(/[\\/]/).pop()!.replace(/\.py$/, ''), expects: [] };
  for (const [index, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    const match = /^#\s*(espera|prueba|puerto-fijo|ocupar-puerto):\s*(.+?)\s*$/.exec(line);
    if (!match) {
      if (line.startsWith('#') || !line.trim()) continue;
      break;
    }
    const [, key, value] = match as unknown as [string, string, string];
    if (key === 'espera') program.expects.push(value);
    else if (key === 'prueba') program.failingTest = value;
    else {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        problems.push({ file, line: index + 1, field: key, message: 'debe ser un número de puerto' });
        return undefined;
      }
      if (key === 'puerto-fijo') program.fixedPort = port;
      else program.occupyPort = port;
    }
  }
  if (!program.expects.length) {
    problems.push({ file, line: 1, field: 'espera', message: 'cada programa erróneo dice qué debe contener su mensaje: # espera: <texto>' });
    return undefined;
  }
  return program;
}

export function findExercise(exercises: Exercise[], idOrNumber: string): Exercise {
  const byNumber = /^\d+$/.test(idOrNumber) ? exercises[Number(idOrNumber) - 1] : undefined;
  const exercise = byNumber ?? exercises.find((candidate) => candidate.id === idOrNumber.replace(/\.py$/, ''));
  if (exercise) return exercise;
  const near = closest(idOrNumber, exercises.map((candidate) => candidate.id));
  throw new UserError(
    `No hay ningún ejercicio «${idOrNumber}».` +
      (near.length ? ` ¿Quisiste decir ${near.map((n) => `«${n}»`).join(', ')}?` : '') +
      ' Mira la lista con: taller-sockets ejercicios',
    2,
  );
}
