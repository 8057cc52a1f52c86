import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, tempHome } from '../helpers/cli.js';
import { writeExercise } from '../helpers/exercise-folder.js';
import { TmuxTerminal } from '../helpers/tmux.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';

const LESSONS = join(ROOT, 'test', 'fixtures', 'lessons');
const SOURCE_CLI = join(ROOT, 'src', 'cli', 'main.ts');
const NOW = '2025-03-01T10:00:00.000Z';
const marker = leakMarker();
const terminals: TmuxTerminal[] = [];
after(async () => {
  for (const terminal of terminals) terminal.close();
  assert.deepEqual(await survivingProcesses(marker.value), [], 'no process survives the menu');
});

function exercisesFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-ejercicios-'));
  writeExercise(dir, '01-eco', 'eco', 'Un servidor de eco');
  writeExercise(dir, '02-hora', 'la-hora', 'Un servidor que da la hora');
  return dir;
}

function lessonDone(home: string): void {
  writeFileSync(join(home, 'progreso.json'), JSON.stringify({ version: 1, lessons: { 'par-tcp': { done: true, lastStep: 3, updatedAt: NOW } }, exercises: {} }));
}

/** Runs the bare command without a TTY and with stdin left open: it must not wait for a key. */
function runHomeWithOpenStdin(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SOURCE_CLI], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    // A bound on the whole run: if the home waited for a key, this is what would end it.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the home waited for input\n${stdout}\n${stderr}`));
    }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, stdout, stderr });
    });
  });
}

test('sin terminal, el inicio lista lecciones y ejercicios en orden, dice cómo seguir y sale con 0 sin esperar', async () => {
  const home = tempHome();
  const result = await runHomeWithOpenStdin({ TALLER_SOCKETS_HOME: home, TALLER_SOCKETS_LECCIONES: LESSONS, TALLER_SOCKETS_EJERCICIOS: exercisesFolder() });
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n');
  const lesson = lines.findIndex((line) => line.includes('1. Un servidor y un cliente (par-tcp)'));
  const eco = lines.findIndex((line) => line.includes('1. Ejercicio: Un servidor de eco (ejercicio eco)'));
  const hora = lines.findIndex((line) => line.includes('2. Ejercicio: Un servidor que da la hora (ejercicio la-hora)'));
  assert.ok(lesson >= 0 && eco > lesson && hora > eco, result.stdout);
  assert.match(lines[lesson]!, /^▸/, 'the next thing to do is pointed at');
  // Commands as they run from here: this test starts the sources through tsx.
  assert.match(result.stdout, /Siguiente: npx tsx src\/cli\/main\.ts leccion par-tcp/);
  assert.match(result.stdout, /npx tsx src\/cli\/main\.ts progreso/);
});

test('sin terminal, con la lección hecha, lo siguiente es el primer ejercicio', async () => {
  const home = tempHome();
  lessonDone(home);
  const result = await runHomeWithOpenStdin({ TALLER_SOCKETS_HOME: home, TALLER_SOCKETS_LECCIONES: LESSONS, TALLER_SOCKETS_EJERCICIOS: exercisesFolder() });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^ ✔ +1\. Un servidor y un cliente \(par-tcp; hecha\)$/m);
  assert.match(result.stdout, /^▸ +1\. Ejercicio: Un servidor de eco/m);
  assert.match(result.stdout, /Siguiente: npx tsx src\/cli\/main\.ts ejercicio eco/);
});

test('sin carpeta de ejercicios, el inicio solo muestra las lecciones', async () => {
  const result = await runHomeWithOpenStdin({ TALLER_SOCKETS_HOME: tempHome(), TALLER_SOCKETS_LECCIONES: LESSONS, TALLER_SOCKETS_EJERCICIOS: join(tmpdir(), 'no-existe-esta-carpeta') });
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stdout, /Ejercicio/);
  assert.match(result.stdout, /par-tcp/);
});

const skip = TmuxTerminal.available() ? false : 'tmux no está instalado';

function openMenu(home: string, exercises = exercisesFolder()): TmuxTerminal {
  const terminal = new TmuxTerminal(`node --import tsx ${SOURCE_CLI}`, {
    TALLER_SOCKETS_HOME: home,
    TALLER_SOCKETS_LECCIONES: LESSONS,
    TALLER_SOCKETS_EJERCICIOS: exercises,
    TALLER_SOCKETS_LEAK_MARKER: marker.value,
    NO_COLOR: '1',
    CI: '',
    TERM: 'xterm-256color',
  });
  terminals.push(terminal);
  return terminal;
}

test('en una terminal, el menú marca cada elemento, pone el cursor en lo siguiente y Esc sale con 0', { skip }, async () => {
  const home = tempHome();
  lessonDone(home);
  const terminal = openMenu(home);
  const screen = await terminal.waitFor(/Esc para salir/);
  assert.match(screen, /¿Qué quieres hacer\?/);
  assert.match(screen, /✔ +1\. Un servidor y un cliente/);
  assert.match(screen, /▸ +1\. Ejercicio: Un servidor de eco/, 'the cursor is on the next thing to do');
  assert.match(screen, /Ver mi progreso/);
  assert.match(screen, /Salir/);
  terminal.sendKeys('Escape');
  const end = await terminal.waitFor(/\[salida: \d+\]/);
  assert.match(end, /Hasta pronto/);
  assert.match(end, /\[salida: 0\]/);
});

test('en una terminal, elegir la lección la recorre y al salir vuelve al menú con el avance; Ctrl-C sale con 130', { skip }, async () => {
  const home = tempHome();
  const terminal = openMenu(home);
  await terminal.waitFor(/Esc para salir/);
  terminal.sendKeys('Enter');
  await terminal.waitFor(/Paso 1 de 3 · Crear y escuchar/);
  await terminal.waitFor(/\[Enter\] ejecutar/);
  terminal.sendKeys('Enter');
  await terminal.waitFor(/\[Enter\] siguiente/);
  terminal.sendKeys('q');
  await terminal.waitFor(/Sales de la lección[\s\S]*Pulsa Enter para volver al menú/);
  terminal.sendKeys('Enter');
  const menu = await terminal.waitFor(/¿Qué quieres hacer\?/, 20_000, 2);
  assert.match(menu.slice(menu.lastIndexOf('¿Qué quieres hacer?')), /▸ … +1\. Un servidor y un cliente en curso: 1 de 3 pasos hechos/);
  const saved = JSON.parse(readFileSync(join(home, 'progreso.json'), 'utf8'));
  assert.equal(saved.lessons['par-tcp'].lastStep, 1);
  terminal.sendKeys('C-c');
  await terminal.waitFor(/\[salida: 130\]/);
  assert.doesNotMatch(terminal.screen(), /at .*\.(ts|js):\d+/, 'no stack trace');
  assert.deepEqual(await survivingProcesses(marker.value), [], 'no Python kernel outlives the menu');
});

function openMenuIn(home: string, cwd: string): TmuxTerminal {
  // The real exercises: choosing one runs `ejercicio`, which writes its starter file in the current folder.
  const terminal = new TmuxTerminal(`sh -c ${JSON.stringify(`cd ${cwd} && exec node --import ${join(ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')} ${SOURCE_CLI}`)}`, {
    TALLER_SOCKETS_HOME: home,
    TALLER_SOCKETS_LECCIONES: LESSONS,
    TALLER_SOCKETS_LEAK_MARKER: marker.value,
    NO_COLOR: '1',
    CI: '',
    TERM: 'xterm-256color',
  });
  terminals.push(terminal);
  return terminal;
}

test('en una terminal, «Ver mi progreso» lo muestra y vuelve al menú; un ejercicio se abre y el menú lo deja a la vista', { skip }, async () => {
  const home = tempHome();
  lessonDone(home);
  const cwd = mkdtempSync(join(tmpdir(), 'taller-sockets-carpeta-de-trabajo-'));
  const terminal = openMenuIn(home, cwd);
  await terminal.waitFor(/Esc para salir/);
  // From the first exercise (the next thing to do): the lesson, then Up wraps to the end: Salir, Ayuda, Ver mi progreso.
  terminal.sendKeys('Up', 'Up', 'Up', 'Up', 'Enter');
  const screen = await terminal.waitFor(/Tu progreso en el taller[\s\S]*Pulsa Enter para volver al menú/);
  assert.match(screen, /Lecciones +█+ +1\/1 \(100 %\)/);
  assert.match(screen, /Ejercicios +░+ +0\/\d+ \(0 %\)/);
  terminal.sendKeys('Enter');
  // Back in the menu (enquirer erases an answered menu's footer: only the live one shows it),
  // the cursor is again on the next thing to do: the first exercise.
  await terminal.waitFor(/Pulsa Enter para volver al menú[\s\S]*Esc para salir/);
  terminal.sendKeys('Enter');
  // The exercise: its statement, then keys for what follows; «q» comes back to the menu.
  const shown = await terminal.waitFor(/\[v\] verificar/);
  assert.match(shown, /Qué sigue:\n {4}npx tsx \S+ verificar/);
  terminal.sendKeys('q');
  await terminal.waitFor(/Pulsa Enter para volver al menú/, 20_000, 2);
  terminal.sendKeys('Enter');
  await terminal.waitFor(/Esc para salir/, 20_000, 1);
  terminal.sendKeys('Escape');
  const end = await terminal.waitFor(/\[salida: \d+\]/);
  assert.match(end, /\[salida: 0\]/);
  const { loadExercises } = await import('../../src/grader/exercise-content.js');
  const first = (await loadExercises())[0]!;
  assert.ok(existsSync(join(cwd, first.fileName)), `the starter ${first.fileName} was written in the current folder`);
});
