import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from '../package-root.js';
import { ContentFormatError, contentLimitProblems, type FormatProblem } from '../lessons/format-error.js';
import { UserError } from '../errors.js';
import { closest } from '../text/closest.js';
import { TESTERS } from './testers/index.js';
import { contentFolders } from '../authoring/content-folders.js';
import type { TesterDefinition } from './types.js';

/**
 * Exercises are data, one folder each (`exercises/<nn>-<id>/`): ejercicio.yaml (id, title,
 * port, hints), enunciado.md, inicio.py (the starter: must fail), solucion.py (must pass) and
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

/** Exercise folders (TALLER_SOCKETS_EJERCICIOS: a teacher's instead of the shipped one, or `+<folder>` for both). */
export function exerciseDirs(): string[] {
  return contentFolders(process.env.TALLER_SOCKETS_EJERCICIOS, join(packageRoot(), 'exercises'));
}

export function exercisesDir(): string {
  return exerciseDirs().at(-1)!;
}

let cache: { key: string; exercises: Exercise[] } | undefined;

export function loadExercises(dirs: string | string[] = exerciseDirs()): Exercise[] {
  const key = JSON.stringify(dirs);
  if (cache?.key === key) return cache.exercises;
  const { exercises, problems } = readExercises(dirs);
  if (problems.length) throw new ContentFormatError(problems);
  cache = { key, exercises };
  return exercises;
}

/** Every exercise that loads, and every mistake found (authoring tools report them all). */
export function readExercises(dirs: string | string[]): { exercises: Exercise[]; problems: FormatProblem[] } {
  const problems: FormatProblem[] = [];
  const exercises: Exercise[] = [];
  for (const dir of typeof dirs === 'string' ? [dirs] : dirs) {
    if (!existsSync(dir)) throw new UserError(`No existe la carpeta de ejercicios ${dir}`);
    const folders = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, EXERCISE_FILE)))
      .map((entry) => entry.name)
      .sort();
    for (const folder of folders) {
      const exercise = loadExercise(join(dir, folder), exercises.length + 1, problems);
      if (!exercise) continue;
      const other = exercises.find((candidate) => candidate.id === exercise.id);
      if (other) problems.push({ file: join(exercise.dir, EXERCISE_FILE), line: 1, field: 'id', message: `el id «${exercise.id}» ya lo usa ${other.dir}` });
      else exercises.push(exercise);
    }
  }
  return { exercises, problems };
}

export function loadExercise(dir: string, number: number, problems: FormatProblem[]): Exercise | undefined {
  const yamlFile = join(dir, EXERCISE_FILE);
  const problem = (file: string, message: string, field?: string): undefined => {
    problems.push({ file, line: 1, field, message });
    return undefined;
  };
  let meta: Record<string, unknown>;
  try {
    meta = (parseYaml(readFileSync(yamlFile, 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (error) {
    return problem(yamlFile, `YAML no válido: ${(error as Error).message.split('\n')[0]}`);
  }
  const id = meta.id;
  const title = meta.titulo;
  const hints = meta.pistas;
  if (typeof id !== 'string' || !/^[a-z0-9-]+$/.test(id)) return problem(yamlFile, 'falta, o no es un id en minúsculas con guiones', 'id');
  if (typeof title !== 'string' || !title.trim()) return problem(yamlFile, 'falta el título', 'titulo');
  if (!Array.isArray(hints) || !hints.length || !hints.every((hint) => typeof hint === 'string')) {
    return problem(yamlFile, 'debe ser una lista de pistas (textos), al menos una', 'pistas');
  }
  // `pruebas: <id>`: a teacher's exercise reuses the tests of a shipped one (tests are TypeScript).
  const testsId = typeof meta.pruebas === 'string' ? meta.pruebas : id;
  const tester = TESTERS[testsId];
  if (!tester) {
    return problem(
      yamlFile,
      `no hay pruebas para «${testsId}» en src/grader/testers; con «pruebas: <id>» usa las de otro ejercicio (${Object.keys(TESTERS).join(', ')})`,
      typeof meta.pruebas === 'string' ? 'pruebas' : 'id',
    );
  }
  if (meta.puerto !== undefined && meta.puerto !== tester.defaultPort) {
    return problem(yamlFile, `el puerto del documento para «${testsId}» es ${tester.defaultPort}`, 'puerto');
  }
  const read = (name: string): string | undefined => {
    const file = join(dir, name);
    if (!existsSync(file)) return problem(file, `falta el archivo ${name}`);
    const text = readFileSync(file, 'utf8');
    const tooLarge = contentLimitProblems(text, file);
    problems.push(...tooLarge);
    return tooLarge.length ? undefined : text;
  };
  const statement = read('enunciado.md');
  const starter = read('inicio.py');
  const solution = read('solucion.py');
  if (statement === undefined || starter === undefined || solution === undefined) return undefined;
  const wrongDir = join(dir, 'errores');
  const wrongPrograms = existsSync(wrongDir)
    ? readdirSync(wrongDir).filter((name) => name.endsWith('.py')).sort().map((name) => parseWrongProgram(join(wrongDir, name), problems))
    : [];
  return {
    id,
    number,
    title: title.trim(),
    dir,
    fileName: `${id}.py`,
    statement,
    starter,
    solutionFile: join(dir, 'solucion.py'),
    hints: hints.map((hint: string) => hint.trim()),
    wrongPrograms: wrongPrograms.filter((program): program is WrongProgram => program !== undefined),
    tester,
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
