import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { tempHome } from '../helpers/cli.js';
import { progressFile, progressWarnings, readProgress, recordLessonStep, updateProgress, PROGRESS_VERSION } from '../../src/progress/store.js';
import { forgetAll, forgetItem } from '../../src/progress/reset.js';
import { withFileLock } from '../../src/system/file-lock.js';
import { UserError } from '../../src/errors.js';

let home: string;

beforeEach(() => {
  home = tempHome();
  process.env.TALLER_SOCKETS_HOME = home;
  progressWarnings.splice(0);
});

function backups(): string[] {
  return readdirSync(home).filter((name) => name.includes('.corrupto-'));
}

test('el progreso se guarda en TALLER_SOCKETS_HOME, con versión de formato', () => {
  recordLessonStep('crear-socket', 3, false);
  assert.equal(progressFile(), join(home, 'progreso.json'));
  const saved = JSON.parse(readFileSync(progressFile(), 'utf8'));
  assert.equal(saved.version, PROGRESS_VERSION);
  assert.equal(saved.lessons['crear-socket'].lastStep, 3);
  assert.equal(saved.lessons['crear-socket'].done, false);
  recordLessonStep('crear-socket', 5, true);
  recordLessonStep('crear-socket', 2, false);
  // Done stays done when the learner goes back to an earlier step.
  assert.equal(readProgress().lessons['crear-socket']!.done, true);
  assert.deepEqual(readdirSync(home).sort(), ['progreso.json']);
});

test('un archivo que no es JSON se aparta con un aviso en español, sin perder su contenido', () => {
  writeFileSync(progressFile(), '{"version": 1, "lessons": {');
  const progress = readProgress();
  assert.deepEqual(progress.lessons, {});
  assert.equal(progressWarnings.length, 1);
  assert.match(progressWarnings[0]!, /no es JSON válido/);
  assert.match(progressWarnings[0]!, /no se ha borrado nada/);
  const [backup] = backups();
  assert.ok(backup, 'the corrupt file was moved aside');
  assert.equal(readFileSync(join(home, backup), 'utf8'), '{"version": 1, "lessons": {');
  assert.ok(progressWarnings[0]!.includes(join(home, backup)));
  assert.equal(existsSync(progressFile()), false);
});

test('un archivo de una versión futura no se pisa: se aparta y se avisa', () => {
  const future = JSON.stringify({ version: PROGRESS_VERSION + 1, lessons: { a: { done: true } }, exercises: {}, nuevo: [1] });
  writeFileSync(progressFile(), future);
  // Even a write does not overwrite it silently: it is moved aside first.
  recordLessonStep('otra', 1, false);
  assert.equal(progressWarnings.length, 1);
  assert.match(progressWarnings[0]!, /versión más nueva del taller/);
  assert.match(progressWarnings[0]!, /Actualiza taller-sockets/);
  const [backup] = backups();
  assert.equal(readFileSync(join(home, backup!), 'utf8'), future);
  assert.deepEqual(Object.keys(readProgress().lessons), ['otra']);
});

test('un JSON con otra forma (lecciones como lista) también se aparta', () => {
  writeFileSync(progressFile(), JSON.stringify({ version: 1, lessons: ['a'], exercises: {} }));
  readProgress();
  assert.match(progressWarnings[0]!, /no tiene el formato esperado/);
  assert.equal(backups().length, 1);
});

test('reiniciar una lección o todo guarda una copia del estado anterior', () => {
  recordLessonStep('a', 2, false);
  recordLessonStep('b', 4, true);
  assert.equal(forgetItem('lesson', 'a'), true);
  assert.equal(forgetItem('lesson', 'a'), false);
  assert.deepEqual(Object.keys(readProgress().lessons), ['b']);
  const result = forgetAll();
  assert.equal(result.lessons, 1);
  assert.ok(result.backup);
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(result.backup, 'utf8')).lessons), ['b']);
  assert.deepEqual(readProgress().lessons, {});
});

test('un cerrojo sin dueño legible pero antiguo se rompe', () => {
  const lock = `${progressFile()}.lock`;
  writeFileSync(lock, '');
  const old = new Date(Date.now() - 120_000);
  utimesSync(lock, old, old);
  recordLessonStep('tras-cerrojo-viejo', 1, false);
  assert.equal(readProgress().lessons['tras-cerrojo-viejo']!.lastStep, 1);
  assert.equal(existsSync(lock), false);
});

test('un cerrojo reciente de un proceso vivo no se rompe: se espera y se explica en español', () => {
  const lock = `${progressFile()}.lock`;
  // This very process is alive, and the lock is fresh: it must be respected.
  writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), token: 'ajeno', since: new Date().toISOString() }));
  assert.throws(
    () => withFileLock(lock, () => 'nunca', { waitMs: 200 }),
    (error: unknown) => error instanceof UserError && /el proceso \d+ del taller/.test(error.message) && error.message.includes(lock),
  );
  assert.equal(JSON.parse(readFileSync(lock, 'utf8')).token, 'ajeno', 'the live lock is left alone');
  // The same lock, once old enough, is judged stale (pid reuse, another machine).
  const old = new Date(Date.now() - 120_000);
  utimesSync(lock, old, old);
  assert.equal(withFileLock(lock, () => 'dentro', { waitMs: 200 }), 'dentro');
  assert.equal(existsSync(lock), false);
});

test('updateProgress deja el cerrojo libre aunque el cambio falle', () => {
  assert.throws(() => updateProgress(() => { throw new Error('fallo a propósito'); }), /fallo a propósito/);
  assert.equal(existsSync(`${progressFile()}.lock`), false);
  recordLessonStep('despues', 1, false);
  assert.ok(readProgress().lessons.despues);
});

test('si la carpeta no se puede usar, guardar da un error en español (no un fallo interno)', () => {
  const notAFolder = join(home, 'soy-un-archivo');
  writeFileSync(notAFolder, 'no soy una carpeta');
  process.env.TALLER_SOCKETS_HOME = notAFolder;
  assert.throws(
    () => updateProgress(() => undefined),
    (error: unknown) => error instanceof UserError && /No pude guardar tu progreso en .*soy-un-archivo: no es una carpeta/.test(error.message) && error.exitCode === 1,
  );
  // Recording a step is never what fails a command: it leaves a warning instead.
  progressWarnings.splice(0);
  recordLessonStep('a', 1, false);
  assert.equal(progressWarnings.length, 1);
  assert.match(progressWarnings[0]!, /No pude guardar tu progreso en .*soy-un-archivo: no es una carpeta\..*tu avance no quedó guardado/);
});
