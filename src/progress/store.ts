import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../system/data-paths.js';
import { UserError } from '../errors.js';
import { withFileLock } from '../system/file-lock.js';
import { removeOrphanTemps, writeFileAtomic } from '../system/atomic-write.js';
import { progressWarnings } from './warnings.js';

export const PROGRESS_VERSION = 1;

interface LessonProgress {
  done: boolean;
  /** Last step reached (1-based). */
  lastStep: number;
  updatedAt: string;
}

export interface ExerciseProgress {
  passed: boolean;
  attempts: number;
  passedAt?: string;
  updatedAt: string;
  /** Hints of the exercise seen so far (`pista` shows the next one). */
  hintsShown?: number;
  /** The test that failed in the last verification (`pista` gives its hint first); none after a pass. */
  lastFailedTest?: string;
}

export interface Progress {
  version: number;
  lessons: Record<string, LessonProgress>;
  exercises: Record<string, ExerciseProgress>;
}

export type ItemStatus = 'hecha' | 'en curso' | 'pendiente';

export function progressFile(): string {
  return join(dataDir(), 'progreso.json');
}

function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, lessons: {}, exercises: {} };
}

export { progressWarnings };

/**
 * Reads the learner's progress. A corrupt or newer-format file is never silently reset: it is
 * moved aside (progreso.json.corrupto-<fecha>) and a Spanish warning is recorded. One that cannot
 * be read at all (a folder, no permission) is left as it is: the command goes on without it.
 */
export function readProgress(): Progress {
  const found = parseProgressFile();
  if (found.ok) return found.progress;
  if (found.unreadable) {
    if (updating) throw new UserError(found.reason, 1);
    warnOnce(`${found.reason} Sigo sin tu avance y no lo modificaré.`);
    return emptyProgress();
  }
  if (holdingLock) return moveAside(progressFile(), found.reason);
  // Moving the file aside must happen under the lock: a command saving at this very moment may be
  // replacing it, and we must not move its fresh file aside instead of the broken one.
  return withFileLock(lockFile(), () => {
    holdingLock = true;
    try {
      const again = parseProgressFile();
      return again.ok ? again.progress : moveAside(progressFile(), again.reason);
    } finally {
      holdingLock = false;
    }
  });
}

/** True while this process holds the progress lock (so reading never waits for itself). */
let holdingLock = false;
/** True during a read-modify-write: what is read will be written back. */
let updating = false;

function lockFile(): string {
  return `${progressFile()}.lock`;
}

type ParsedFile = { ok: true; progress: Progress } | { ok: false; reason: string; unreadable?: boolean };

const UNREADABLE: Record<string, string> = {
  EISDIR: 'es una carpeta, no un archivo',
  EACCES: 'no tienes permiso para leerlo',
  EPERM: 'no tienes permiso para leerlo',
  ENOTDIR: 'está dentro de algo que no es una carpeta',
  EIO: 'el disco no deja leerlo (error de entrada/salida)',
};

function parseProgressFile(): ParsedFile {
  const file = progressFile();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: true, progress: emptyProgress() };
    const why = (code && UNREADABLE[code]) ?? `no se pudo leer: ${code ?? (error as Error).message}`;
    return { ok: false, unreadable: true, reason: `No puedo leer tu archivo de progreso ${file}: ${why}.` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'no es JSON válido' };
  }
  const candidate = parsed as Partial<Progress>;
  if (!isRecord(candidate) || typeof candidate.version !== 'number' || !isTable(candidate.lessons) || !isTable(candidate.exercises)) {
    return { ok: false, reason: 'no tiene el formato esperado' };
  }
  if (candidate.version > PROGRESS_VERSION) {
    return {
      ok: false,
      reason: `es de una versión más nueva del taller (formato ${candidate.version}; este taller usa el ${PROGRESS_VERSION}). Actualiza taller-sockets para recuperarlo`,
    };
  }
  return { ok: true, progress: { version: PROGRESS_VERSION, lessons: candidate.lessons ?? {}, exercises: candidate.exercises ?? {} } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An optional table of entries (lessons or exercises), each an object. */
function isTable(value: unknown): boolean {
  return value === undefined || (isRecord(value) && Object.values(value).every(isRecord));
}

function moveAside(file: string, reason: string): Progress {
  const backup = `${file}.corrupto-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    renameSync(file, backup);
    progressWarnings.push(`Tu archivo de progreso ${reason}. Lo he guardado aparte en ${backup} y empiezo uno nuevo; no se ha borrado nada.`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return emptyProgress();
    const message = `Tu archivo de progreso ${file} ${reason} y no pude apartarlo (${code ?? (error as Error).message}); no lo modificaré.`;
    // Saving now would overwrite it: refuse, so that nothing is ever silently reset.
    if (updating) throw new UserError(`${message} Muévelo tú a otra carpeta y vuelve a intentarlo.`, 1);
    progressWarnings.push(message);
  }
  return emptyProgress();
}

/** Writes atomically (temporary file, fsync, rename): a crash leaves the old or the new state. */
function writeProgress(progress: Progress): void {
  mkdirSync(dataDir(), { recursive: true });
  writeFileAtomic(progressFile(), `${JSON.stringify(progress, null, 2)}\n`);
}

/**
 * Read-modify-write under a lock file, so two commands running at once never lose an update.
 * A lock left by a process that died while holding it is recognised (its pid is gone) and broken.
 */
export function updateProgress(change: (progress: Progress) => void): Progress {
  try {
    mkdirSync(dataDir(), { recursive: true });
    return lockedUpdate(change);
  } catch (error) {
    throw explainWriteError(error);
  }
}

/** A folder the learner cannot write to is theirs to fix: say so in Spanish, not as a crash. */
function explainWriteError(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    EACCES: 'no tienes permiso para escribir en ella',
    EPERM: 'no tienes permiso para escribir en ella',
    EROFS: 'está en un disco de solo lectura',
    ENOSPC: 'el disco está lleno',
    ENOTDIR: 'no es una carpeta',
    EEXIST: 'no es una carpeta',
    EISDIR: 'progreso.json es una carpeta, no un archivo',
    EDQUOT: 'se acabó tu cuota de disco',
    EIO: 'el disco falló al escribir (error de entrada/salida)',
  };
  if (!code || !(code in reasons)) return error;
  return new UserError(
    `No pude guardar tu progreso en ${dataDir()}: ${reasons[code]}. ` +
      'Arregla sus permisos o elige otra carpeta con TALLER_SOCKETS_HOME=/otra/carpeta (taller-sockets doctor lo comprueba).',
    1,
  );
}

function lockedUpdate(change: (progress: Progress) => void): Progress {
  return withFileLock(lockFile(), () => {
    holdingLock = updating = true;
    try {
      // Only the lock holder writes temporary files, so any left now belong to a writer that died.
      removeOrphanTemps(progressFile());
      const progress = readProgress();
      change(progress);
      writeProgress(progress);
      return progress;
    } finally {
      holdingLock = updating = false;
    }
  });
}

export function lessonStatus(progress: Progress, id: string): ItemStatus {
  const entry = progress.lessons[id];
  if (!entry) return 'pendiente';
  return entry.done ? 'hecha' : 'en curso';
}

/**
 * Saving progress never changes a command's result: if it cannot be saved (read-only or full
 * disk, a folder where the file should be, a lock never released), the command still ends with
 * its own verdict and says, on stderr, that this time the progress was not kept.
 */
function saveOrWarn(change: (progress: Progress) => void): boolean {
  try {
    updateProgress(change);
    return true;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    warnOnce(`${error.message} El resultado de arriba vale igual; solo que esta vez tu avance no quedó guardado.`);
    return false;
  }
}

function warnOnce(message: string): void {
  if (!shownWarnings.has(message)) {
    shownWarnings.add(message);
    progressWarnings.push(message);
  }
}

const shownWarnings = new Set<string>();

export function recordLessonStep(id: string, step: number, done: boolean): void {
  saveOrWarn((progress) => {
    const previous = progress.lessons[id];
    progress.lessons[id] = {
      done: done || Boolean(previous?.done),
      lastStep: step,
      updatedAt: new Date().toISOString(),
    };
  });
}

/** An exercise is done once passed, in progress once attempted. */
export function exerciseStatus(progress: Progress, id: string): ItemStatus {
  const entry = progress.exercises[id];
  if (!entry) return 'pendiente';
  return entry.passed ? 'hecha' : 'en curso';
}

/** One more verification of an exercise; a pass is kept even if later attempts fail. */
export function recordExerciseAttempt(id: string, passed: boolean, failedTest?: string): ExerciseProgress | undefined {
  let saved: ExerciseProgress | undefined;
  const kept = saveOrWarn((progress) => {
    const previous = progress.exercises[id];
    const now = new Date().toISOString();
    saved = {
      ...previous,
      passed: passed || Boolean(previous?.passed),
      attempts: (previous?.attempts ?? 0) + 1,
      updatedAt: now,
      ...(passed && !previous?.passed ? { passedAt: now } : {}),
      lastFailedTest: passed ? undefined : failedTest,
    };
    progress.exercises[id] = saved;
  });
  return kept ? saved : undefined;
}

/** How many hints of an exercise the learner has seen (so `pista` shows the next one). */
export function recordHintsShown(id: string, count: number): void {
  saveOrWarn((progress) => {
    const previous = progress.exercises[id];
    progress.exercises[id] = {
      passed: false,
      attempts: 0,
      ...previous,
      hintsShown: Math.max(count, previous?.hintsShown ?? 0),
      updatedAt: new Date().toISOString(),
    };
  });
}
