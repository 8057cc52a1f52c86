import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli, tempHome } from '../helpers/cli.js';
import { writeExercise } from '../helpers/exercise-folder.js';

const LESSONS = join(ROOT, 'test', 'fixtures', 'lessons');

/** A small exercises folder, as the workshop ships them: `<nn>-<id>/` with a statement. */
function exercisesFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-ejercicios-'));
  const exercises = [
    ['01-eco', 'eco', 'Un servidor de eco'],
    ['02-hora', 'hora', 'Un servidor que da la hora'],
  ];
  for (const [folder, id, title] of exercises) {
    writeExercise(dir, folder!, id!, title!);
  }
  return dir;
}

function saveProgress(home: string, progress: object): void {
  writeFileSync(join(home, 'progreso.json'), JSON.stringify({ version: 1, lessons: {}, exercises: {}, ...progress }));
}

function env(home: string): NodeJS.ProcessEnv {
  return { TALLER_SOCKETS_HOME: home, TALLER_SOCKETS_LECCIONES: LESSONS, TALLER_SOCKETS_EJERCICIOS: exercisesFolder() };
}

const NOW = '2025-03-01T10:00:00.000Z';

test('progreso muestra lo hecho, lo que sigue y barras legibles sin colores', async () => {
  const home = tempHome();
  saveProgress(home, {
    lessons: { 'par-tcp': { done: true, lastStep: 3, updatedAt: NOW } },
    exercises: { eco: { passed: true, attempts: 3, passedAt: NOW, updatedAt: NOW }, hora: { passed: false, attempts: 1, updatedAt: NOW } },
  });
  const result = await runCli(['progreso'], { env: env(home) });
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stdout, /\u001b\[/, 'NO_COLOR: no escape codes');
  assert.match(result.stdout, /Lecciones +█+ +1\/1 \(100 %\)/);
  assert.match(result.stdout, /Ejercicios +█+░+ +1\/2 \(50 %\)/);
  assert.match(result.stdout, /✔ +1\. Un servidor y un cliente \(par-tcp; hecha\)/);
  assert.match(result.stdout, /✔ +1\. Ejercicio: Un servidor de eco \(ejercicio eco; superado el 2025-03-01 \(3 intentos\)\)/);
  assert.match(result.stdout, /▸… +2\. Ejercicio: Un servidor que da la hora \(ejercicio hora; en curso: 1 intento\)/);
  assert.match(result.stdout, /Siguiente: (?:node|npx tsx) \S+ ejercicio hora/);
  // The bars fit the (default, non-terminal) width of 80 columns.
  const barLines = result.stdout.split('\n').filter((line) => /^(Lecciones|Ejercicios) /.test(line));
  assert.equal(barLines.length, 2);
  for (const line of barLines) assert.ok([...line].length <= 80, line);
});

test('progreso --json da el estado de cada lección y ejercicio y lo siguiente', async () => {
  const home = tempHome();
  saveProgress(home, { lessons: { 'par-tcp': { done: false, lastStep: 2, updatedAt: NOW } } });
  const result = await runCli(['progreso', '--json'], { env: env(home) });
  assert.equal(result.code, 0, result.stderr);
  const data = JSON.parse(result.stdout);
  assert.equal(data.file, join(home, 'progreso.json'));
  assert.deepEqual(data.lessons.items, [
    { id: 'par-tcp', title: 'Un servidor y un cliente', number: 1, status: 'en curso', steps: 3, lastStep: 2, updatedAt: NOW },
  ]);
  assert.deepEqual({ done: data.lessons.done, inProgress: data.lessons.inProgress, total: data.lessons.total }, { done: 0, inProgress: 1, total: 1 });
  assert.deepEqual(data.exercises.items.map((item: { id: string; status: string; attempts: number }) => [item.id, item.status, item.attempts]), [
    ['eco', 'pendiente', 0],
    ['hora', 'pendiente', 0],
  ]);
  assert.deepEqual(data.next, { kind: 'lesson', id: 'par-tcp', title: 'Un servidor y un cliente', command: 'taller-sockets leccion par-tcp' });
});

test('progreso con un archivo dañado avisa en español, lo aparta y sigue', async () => {
  const home = tempHome();
  writeFileSync(join(home, 'progreso.json'), '{"version":1,"lessons":{"par-tcp":');
  const result = await runCli(['progreso', '--json'], { env: env(home) });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /Aviso: Tu archivo de progreso no es JSON válido\. Lo he guardado aparte en .*progreso\.json\.corrupto-/);
  JSON.parse(result.stdout); // the warning never mixes with the JSON
  const backup = readdirSync(home).find((name) => name.includes('.corrupto-'));
  assert.equal(readFileSync(join(home, backup!), 'utf8'), '{"version":1,"lessons":{"par-tcp":');
});

test('reiniciar sin terminal exige --si: mensaje en español, salida 2, nada borrado', async () => {
  const home = tempHome();
  const saved = { lessons: { 'par-tcp': { done: true, lastStep: 3, updatedAt: NOW } } };
  saveProgress(home, saved);
  const before = readFileSync(join(home, 'progreso.json'), 'utf8');
  for (const args of [['reiniciar'], ['reiniciar', 'par-tcp'], ['reset', 'par-tcp']]) {
    const result = await runCli(args, { env: env(home) });
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, /sin una terminal interactiva, confírmalo con --si/);
    assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/, 'no stack trace');
    assert.equal(readFileSync(join(home, 'progreso.json'), 'utf8'), before);
  }
});

test('reiniciar <id> --si borra solo ese elemento; un id desconocido sugiere el parecido', async () => {
  const home = tempHome();
  saveProgress(home, {
    lessons: { 'par-tcp': { done: true, lastStep: 3, updatedAt: NOW } },
    exercises: { eco: { passed: true, attempts: 1, passedAt: NOW, updatedAt: NOW } },
  });
  const typo = await runCli(['reiniciar', 'ecco', '--si'], { env: env(home) });
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /No hay ninguna lección ni ejercicio «ecco»\. ¿Quisiste decir «eco»\?/);

  const one = await runCli(['reiniciar', 'eco', '--si'], { env: env(home) });
  assert.equal(one.code, 0, one.stderr);
  assert.match(one.stdout, /he borrado tu avance en el ejercicio «Un servidor de eco»/);
  const after = JSON.parse(readFileSync(join(home, 'progreso.json'), 'utf8'));
  assert.deepEqual(Object.keys(after.exercises), []);
  assert.deepEqual(Object.keys(after.lessons), ['par-tcp']);

  const again = await runCli(['reiniciar', 'eco', '--yes'], { env: env(home) });
  assert.equal(again.code, 0);
  assert.match(again.stdout, /No tienes avance en «Un servidor de eco»/);
});

test('reiniciar --si lo borra todo y guarda una copia del estado anterior', async () => {
  const home = tempHome();
  saveProgress(home, { lessons: { 'par-tcp': { done: true, lastStep: 3, updatedAt: NOW } } });
  const result = await runCli(['reiniciar', '--si'], { env: env(home) });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /he borrado tu progreso \(1 lección, 0 ejercicios\)/);
  const after = JSON.parse(readFileSync(join(home, 'progreso.json'), 'utf8'));
  assert.deepEqual(after, { version: 1, lessons: {}, exercises: {} });
  const backup = join(home, 'progreso.json.antes-de-reiniciar');
  assert.ok(existsSync(backup));
  assert.ok(JSON.parse(readFileSync(backup, 'utf8')).lessons['par-tcp']);
});
