import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, openSync, closeSync, fsyncSync, unlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from './paths.js';

export const PROGRESS_VERSION = 1;

export interface LessonProgress {
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

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, lessons: {}, exercises: {} };
}

/** Warnings about the progress file (a corrupt one moved aside), for the CLI to show once. */
export const progressWarnings: string[] = [];

/**
 * Reads the learner's progress. A corrupt or newer-format file is never silently reset: it is
 * moved aside (progreso.json.corrupto-<fecha>) and a Spanish warning is recorded.
 */
export function readProgress(): Progress {
  const file = progressFile();
  if (!existsSync(file)) return emptyProgress();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return moveAside(file, 'no es JSON válido');
  }
  const candidate = parsed as Partial<Progress>;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.version !== 'number') {
    return moveAside(file, 'no tiene el formato esperado');
  }
  if (candidate.version > PROGRESS_VERSION) {
    return moveAside(file, `es de una versión más nueva del taller (formato ${candidate.version})`);
  }
  return { version: PROGRESS_VERSION, lessons: candidate.lessons ?? {}, exercises: candidate.exercises ?? {} };
}

function moveAside(file: string, reason: string): Progress {
  const backup = `${file}.corrupto-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    renameSync(file, backup);
    progressWarnings.push(`Tu archivo de progreso ${reason}. Lo he guardado aparte en ${backup} y empiezo uno nuevo; no se ha borrado nada.`);
  } catch {
    progressWarnings.push(`Tu archivo de progreso ${file} ${reason} y no pude apartarlo; no lo modificaré.`);
  }
  return emptyProgress();
}

/** Writes atomically: a temporary file, flushed to disk, then renamed over the old one. */
function writeProgress(progress: Progress): void {
  const file = progressFile();
  mkdirSync(dataDir(), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeFileSync(fd, `${JSON.stringify(progress, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

const LOCK_STALE_MS = 10_000;

/** Read-modify-write under a lock file, so two commands running at once never lose an update. */
export function updateProgress(change: (progress: Progress) => void): Progress {
  mkdirSync(dataDir(), { recursive: true });
  const lock = `${progressFile()}.lock`;
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) unlinkSync(lock);
      } catch {
        // The lock vanished between the two calls: try again.
      }
      if (Date.now() > deadline) throw new Error(`progress lock ${lock} is held`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
  try {
    const progress = readProgress();
    change(progress);
    writeProgress(progress);
    return progress;
  } finally {
    try { unlinkSync(lock); } catch { /* already gone */ }
  }
}

export function lessonStatus(progress: Progress, id: string): ItemStatus {
  const entry = progress.lessons[id];
  if (!entry) return 'pendiente';
  return entry.done ? 'hecha' : 'en curso';
}

export function recordLessonStep(id: string, step: number, done: boolean): void {
  updateProgress((progress) => {
    const previous = progress.lessons[id];
    progress.lessons[id] = {
      done: done || Boolean(previous?.done),
      lastStep: step,
      updatedAt: new Date().toISOString(),
    };
  });
}
