import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from '../errors.js';
import { loadExercises, type Exercise } from '../grader/exercise-content.js';
import { TESTERS } from '../grader/testers/index.js';
import { closest } from '../text/closest.js';
import { lessonTemplate } from './templates/lesson-template.js';
import { exerciseYaml, statementTemplate, WRONG_PROGRAM_NOTE } from './templates/exercise-template.js';
import { shippedContent } from '../lessons/content-folders.js';

export interface Scaffolded {
  folder: string;
  files: string[];
  /** What is left to write, in Spanish. */
  todo: string[];
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `NN-<id>`: the next number after the folders already there, so the new one goes last. */
function nextFolder(parent: string, id: string): string {
  const numbers = existsSync(parent)
    ? readdirSync(parent).map((name) => /^(\d+)-/.exec(name)?.[1]).filter((n): n is string => n !== undefined).map(Number)
    : [];
  const next = (numbers.length ? Math.max(...numbers) : 0) + 1;
  return join(parent, `${String(next).padStart(2, '0')}-${id}`);
}

function checkId(id: string): void {
  if (!ID.test(id)) throw new UserError(`«${id}» no sirve como id: usa minúsculas, números y guiones (por ejemplo «mi-servidor»).`);
}

function titleFrom(id: string): string {
  const words = id.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function write(folder: string, files: Record<string, string>): string[] {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), { recursive: true });
    writeFileSync(join(folder, name), text, { flag: 'wx' });
  }
  return Object.keys(files);
}

/** A new lesson folder, valid and green with --auto as it is. */
export function scaffoldLesson(parent: string, id: string): Scaffolded {
  checkId(id);
  const folder = nextFolder(parent, id);
  if (existsSync(folder)) throw new UserError(`Ya existe ${folder}.`);
  mkdirSync(folder, { recursive: true });
  const files = write(folder, { 'leccion.md': lessonTemplate(id, titleFrom(id)) });
  return {
    folder,
    files,
    todo: [
      'Cambia el título, la introducción, los pasos y sus comprobaciones en leccion.md (los comentarios de la cabecera dicen qué es cada campo).',
      `Comprueba que sigue en verde: taller-sockets autor validar ${relative(process.cwd(), folder) || '.'}`,
      `Pruébala como el alumno: taller-sockets leccion ${id} --lecciones +${relative(process.cwd(), parent) || '.'}`,
    ],
  };
}

/** A new exercise folder reusing the tests of a shipped exercise (`pruebas`). */
export async function scaffoldExercise(parent: string, id: string, tests = 'servidor-tcp'): Promise<Scaffolded> {
  checkId(id);
  const tester = TESTERS[tests];
  if (!tester) {
    const near = closest(tests, Object.keys(TESTERS));
    throw new UserError(
      `No hay pruebas «${tests}»${near.length ? ` (¿quisiste decir «${near[0]}»?)` : ''}. Las que hay: ${Object.keys(TESTERS).join(', ')}.`,
    );
  }
  const original = await shippedExercise(tests);
  const folder = nextFolder(parent, id);
  if (existsSync(folder)) throw new UserError(`Ya existe ${folder}.`);
  mkdirSync(folder, { recursive: true });
  const read = (name: string): string => readFileSync(join(original.dir, name), 'utf8');
  const example = original.wrongPrograms[0];
  const files = write(folder, {
    'ejercicio.yaml': exerciseYaml(id, titleFrom(id), tests, tester.defaultPort),
    'enunciado.md': statementTemplate(id, titleFrom(id), tests),
    'inicio.py': read('inicio.py'),
    'solucion.py': read('solucion.py'),
    ...(example ? { [`errores/${example.name}.py`]: WRONG_PROGRAM_NOTE + readFileSync(example.file, 'utf8') } : {}),
  });
  return {
    folder,
    files,
    todo: [
      'Escribe las partes marcadas RELLENAR: el enunciado (enunciado.md) y las pistas (ejercicio.yaml).',
      `inicio.py y solucion.py son los del ejercicio «${tests}»: adáptalos (la solución debe pasar y el inicio fallar con las pruebas de «${tests}»).`,
      'En errores/ pon programas con errores típicos; cada uno dice en su cabecera qué prueba falla y qué mensaje espera.',
      `Valídalo: taller-sockets autor validar ${relative(process.cwd(), folder) || '.'}`,
    ],
  };
}

async function shippedExercise(id: string): Promise<Exercise> {
  const found = (await loadExercises(shippedContent())).find((exercise) => exercise.tester.exerciseId === id);
  if (!found) throw new UserError(`No encuentro el ejercicio «${id}» del taller para tomarlo de modelo.`);
  return found;
}
