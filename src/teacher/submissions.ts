import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from '../errors.js';
import { displayName } from './entry-name.js';
import { nameStudents } from './student-names.js';
import type { Submission } from './submission.js';

const MAX_DEPTH = 3;

function hidden(name: string): boolean {
  return name.startsWith('.') || name === '__pycache__' || name === '__MACOSX';
}

/** A program bigger than this is not a socket exercise (and is not read into memory). */
const MAX_PROGRAM_BYTES = 1024 * 1024;

/**
 * Every entry of a class folder, by name: each `.py` file and each sub-folder (with its program
 * inside: one `.py`, or several of which one is `<exercise id>.py`) is a submission; anything else
 * is listed too, with why it is not graded (nothing is left out silently). Links are never
 * followed: a submission could otherwise make the grader read any file of the teacher's.
 */
export function findSubmissions(dir: string, programName: string): Submission[] {
  let entries: Buffer[];
  try {
    if (!statSync(dir).isDirectory()) throw new UserError(`${dir} no es una carpeta: indica la carpeta con las entregas (un .py o una carpeta por alumno).`);
    entries = readdirSync(dir, { encoding: 'buffer' });
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`No existe la carpeta de entregas ${dir}.`);
  }
  const submissions = nameStudents(entries.map((bytes) => classify(dir, bytes, programName)));
  submissions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!submissions.some((submission) => submission.program)) {
    const listed = submissions.length ? ` (hay ${submissions.length} ${submissions.length === 1 ? 'elemento' : 'elementos'}, ninguno calificable)` : '';
    throw new UserError(`No hay entregas en ${dir}${listed}: pon un archivo .py por alumno, o una carpeta por alumno con su programa dentro.`);
  }
  return submissions;
}

function classify(dir: string, bytes: Buffer, programName: string): Submission {
  const { text: name, valid } = displayName(bytes);
  // The path from the name's own bytes (the shown name may have escapes).
  const source = join(dir, valid ? bytes.toString('utf8') : name);
  const notGradable = (problem: string, isFolder = false): Submission => ({ name, source, isFolder, problem });
  if (!valid) return notGradable('su nombre no es UTF-8 válido (se muestra con \\x y el valor de cada byte): renómbralo y vuelve a calificar');
  let stat;
  try {
    stat = lstatSync(source);
  } catch (error) {
    return notGradable(`no pude leerlo (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (stat.isSymbolicLink()) {
    let target = '';
    try {
      target = ` a ${readlinkSync(source)}`;
    } catch {
      // unreadable link: no target to show
    }
    return notGradable(`es un enlace simbólico${target}: no lo sigo (podría apuntar a cualquier archivo tuyo); copia la entrega en su lugar`);
  }
  if (stat.isDirectory()) return folderSubmission(name, source, programName);
  if (!stat.isFile()) return notGradable('no es un archivo ni una carpeta (¿un socket, una tubería, un dispositivo?)');
  if (hidden(name)) return notGradable('archivo oculto: no es una entrega');
  if (!name.endsWith('.py')) return notGradable('no es un programa .py ni una carpeta: no es una entrega');
  if (stat.size > MAX_PROGRAM_BYTES) return notGradable(`ocupa ${(stat.size / 1024 / 1024).toFixed(1).replace('.', ',')} MB: demasiado para un programa de este ejercicio`);
  return { name, source, isFolder: false, program: source.split(/[\\/]/).pop()!, problem: encodingProblem(source) };
}

function folderSubmission(name: string, source: string, programName: string): Submission {
  const programs = pythonFiles(source, 0).map((file) => relative(source, file));
  if (hidden(name)) return { name, source, isFolder: true, problem: 'carpeta oculta o del sistema: no es una entrega' };
  if (programs.length === 0) {
    const links = countLinks(source);
    const note = links ? ` (tiene ${links} ${links === 1 ? 'enlace simbólico' : 'enlaces simbólicos'}, que no sigo)` : '';
    return { name, source, isFolder: true, problem: `la carpeta no tiene ningún archivo .py${note}` };
  }
  let program = programs.length === 1 ? programs[0] : programs.find((file) => file.split(/[\\/]/).pop() === programName);
  if (!program) {
    return {
      name,
      source,
      isFolder: true,
      problem: `la carpeta tiene ${programs.length} archivos .py (${programs.slice(0, 4).join(', ')}${programs.length > 4 ? '...' : ''}): no sé cuál calificar; llama ${programName} al programa`,
    };
  }
  program = program.split('\\').join('/');
  return { name, source, isFolder: true, program, problem: encodingProblem(join(source, program)) };
}

function pythonFiles(dir: string, depth: number): string[] {
  if (depth > MAX_DEPTH) return [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => !hidden(entry.name) && !entry.isSymbolicLink())
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return pythonFiles(path, depth + 1);
      return entry.isFile() && entry.name.endsWith('.py') ? [path] : [];
    })
    .sort();
}

function countLinks(dir: string): number {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isSymbolicLink()).length;
  } catch {
    return 0;
  }
}

/** Python reads UTF-8 source: anything else would fail for a reason that is not the exercise's. */
function encodingProblem(file: string): string | undefined {
  if (!existsSync(file)) return 'no encuentro el programa';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
    return undefined;
  } catch {
    return 'el programa no está guardado en UTF-8';
  }
}
