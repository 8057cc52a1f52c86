import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { readZip } from './zip-reader.js';
import { workFolderPrefix } from './stale-work-folders.js';

/** The class folder to grade, and how to let it go (an extracted archive is removed). */
export interface ClassFolder {
  folder: string;
  close(): void;
}

/**
 * A class folder, or the zip Moodle gives with "Descargar todas las entregas": extracted into a
 * temporary folder (removed by close(), and on exit) and graded like the folder it holds.
 */
export function openClassFolder(path: string): ClassFolder {
  let isZip = false;
  try {
    isZip = statSync(path).isFile() && path.toLowerCase().endsWith('.zip');
  } catch {
    // not there: findSubmissions says so
  }
  if (!isZip) return { folder: path, close: () => undefined };
  const files = readZip(readFileSync(path), path);
  if (!files.length) throw new UserError(`${path} no tiene ningún archivo.`);
  const folder = mkdtempSync(join(tmpdir(), `${workFolderPrefix()}zip-`));
  const remove = (): void => rmSync(folder, { recursive: true, force: true });
  process.once('exit', remove);
  try {
    for (const file of files) {
      const target = join(folder, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.data);
    }
  } catch (error) {
    remove();
    throw new UserError(`No puedo descomprimir ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  return {
    folder,
    close: () => {
      process.removeListener('exit', remove);
      remove();
    },
  };
}
