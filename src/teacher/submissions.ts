import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from '../errors.js';

/** One submission found in the class folder: a .py file, or a folder holding the program. */
export interface Submission {
  /** The file or folder name as found in the class folder. */
  name: string;
  /** Absolute path of that file or folder. */
  source: string;
  isFolder: boolean;
  /** The program, relative to `source` for a folder (its own name for a file). */
  program?: string;
  /** Why it cannot be graded (no program, several, not UTF-8...), in Spanish. */
  problem?: string;
}

const MAX_DEPTH = 3;

function hidden(name: string): boolean {
  return name.startsWith('.') || name === '__pycache__' || name === '__MACOSX';
}

/**
 * Every submission of a class folder, by name: each `.py` file, and each sub-folder with its
 * program inside (one `.py`, or several of which one is `<exercise id>.py`). Other files are
 * ignored; hidden entries too.
 */
export function findSubmissions(dir: string, programName: string): Submission[] {
  let entries;
  try {
    if (!statSync(dir).isDirectory()) throw new UserError(`${dir} no es una carpeta: indica la carpeta con las entregas (un .py o una carpeta por alumno).`);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`No existe la carpeta de entregas ${dir}.`);
  }
  const submissions: Submission[] = [];
  for (const entry of entries) {
    if (hidden(entry.name)) continue;
    const source = join(dir, entry.name);
    let stat;
    try {
      stat = statSync(source);
    } catch {
      continue; // a dangling link
    }
    if (stat.isFile() && entry.name.endsWith('.py')) {
      submissions.push({ name: entry.name, source, isFolder: false, program: entry.name, problem: encodingProblem(source) });
    } else if (stat.isDirectory()) {
      submissions.push(folderSubmission(entry.name, source, programName));
    }
  }
  submissions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!submissions.length) {
    throw new UserError(`No hay entregas en ${dir}: pon un archivo .py por alumno, o una carpeta por alumno con su programa dentro.`);
  }
  return submissions;
}

function folderSubmission(name: string, source: string, programName: string): Submission {
  const programs = pythonFiles(source, 0).map((file) => relative(source, file));
  if (programs.length === 0) return { name, source, isFolder: true, problem: 'la carpeta no tiene ningún archivo .py' };
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
