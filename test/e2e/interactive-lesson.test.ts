import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { TmuxTerminal, tmuxSuite } from '../helpers/tmux.js';
import { ROOT, BUILT_CLI, tempHome } from '../helpers/cli.js';
import { survivingProcesses } from '../helpers/leaks.js';

const LESSONS = join(ROOT, 'test', 'fixtures', 'lessons');
const { marker, skip, track } = tmuxSuite();

function open(home: string): TmuxTerminal {
  const terminal = new TmuxTerminal(`node ${BUILT_CLI} leccion par-tcp --lecciones ${LESSONS}`, {
    TALLER_SOCKETS_HOME: home,
    TALLER_SOCKETS_LEAK_MARKER: marker.value,
    TALLER_SOCKETS_PUERTOS_LIBRES: '1',
    NO_COLOR: '1',
    CI: '',
    TERM: 'xterm-256color',
  });
  track(terminal);
  return terminal;
}

test('a learner steps through a lesson with keys, leaves with Ctrl-C and resumes where it stopped', { skip }, async () => {
  const home = tempHome();
  const terminal = open(home);
  await terminal.waitFor(/Paso 1 de 3 · Crear y escuchar/);
  await terminal.waitFor(/\[Enter\] ejecutar/);
  terminal.sendKeys('Enter');
  await terminal.waitFor(/✔ el sistema operativo muestra LISTEN/);
  await terminal.waitFor(/\[Enter\] siguiente/);
  terminal.sendKeys('Enter');
  await terminal.waitFor(/Paso 2 de 3 · Aceptar/);
  await terminal.waitFor(/\[Enter\] ejecutar/, 20_000, 2);
  terminal.sendKeys('Enter');
  await terminal.waitFor(/servidor bloqueado en este paso/);
  await terminal.waitFor(/Paso 3 de 3 · Conectar/);
  await terminal.waitFor(/\[Enter\] ejecutar/, 20_000, 3);
  // The first Ctrl-C interrupts the blocked accept(); the second, with nothing running, leaves.
  terminal.sendKeys('C-c');
  await terminal.waitFor(/Ctrl-C: interrumpo el paso 2 \(servidor\)/);
  await terminal.waitFor(/\[Enter\] ejecutar/, 20_000, 4);
  terminal.sendKeys('C-c');
  const screen = await terminal.waitFor(/\[salida: 130\]/);
  assert.match(screen, /Hasta pronto/);
  assert.deepEqual(await survivingProcesses(marker.value), [], 'Ctrl-C at a prompt kills every kernel');
  const progress = JSON.parse(readFileSync(join(home, 'progreso.json'), 'utf8')) as { lessons: Record<string, { lastStep: number; done: boolean }> };
  assert.equal(progress.lessons['par-tcp']?.lastStep, 2);
  assert.equal(progress.lessons['par-tcp']?.done, false);
  terminal.close();

  const again = open(home);
  await again.waitFor(/Retomas la lección en el paso 3/);
  await again.waitFor(/Paso 3 de 3 · Conectar/);
  await again.waitFor(/\[Enter\] ejecutar/);
  again.sendKeys('Enter');
  await again.waitFor(/✔ lanza TypeError con «bytes-like»/);
  await again.waitFor(/resultado del paso 2, que estaba bloqueado/);
  await again.waitFor(/\[Enter\] siguiente/);
  again.sendKeys('Enter');
  const end = await again.waitFor(/\[salida: 0\]/);
  assert.match(end, /✔ Pasos superados: 3 de 3/, 'the summary covers the whole lesson, the replayed steps too');
  const saved = JSON.parse(readFileSync(join(home, 'progreso.json'), 'utf8')) as { lessons: Record<string, { done: boolean }> };
  assert.equal(saved.lessons['par-tcp']?.done, true);
});

test('Ctrl-C while a step is blocked interrupts that step only; the lesson ends with its summary', { skip }, async () => {
  const terminal = open(tempHome());
  await terminal.waitFor(/\[Enter\] ejecutar/);
  terminal.sendKeys('Enter');
  await terminal.waitFor(/\[Enter\] siguiente/);
  terminal.sendKeys('Enter');
  await terminal.waitFor(/\[Enter\] ejecutar/, 20_000, 2);
  terminal.sendKeys('Enter');
  await terminal.waitFor(/servidor bloqueado/);
  await terminal.waitFor(/\[Enter\] ejecutar/, 20_000, 3);
  terminal.sendKeys('C-c');
  await terminal.waitFor(/Ctrl-C: interrumpo el paso 2 \(servidor\)/);
  await terminal.waitFor(/\[Enter\] ejecutar/, 20_000, 4);
  terminal.sendKeys('Enter');
  await terminal.waitFor(/\[Enter\] siguiente/, 20_000, 2);
  terminal.sendKeys('Enter');
  const screen = await terminal.waitFor(/\[salida: \d+\]/);
  assert.match(screen, /servidor ▸ interrumpido con Ctrl-C/);
  assert.match(screen, /✘ Pasos superados: 2 de 3/);
  assert.match(screen, /Repítela desde el principio:\n {4}node \S+ leccion par-tcp --desde 1\n/);
  assert.match(screen, /\[salida: 1\]/);
});

test('practice mode: the learner types each step; a wrong answer fails its checks, a right one passes, and a score closes', { skip }, async () => {
  const terminal = new TmuxTerminal(`node ${BUILT_CLI} leccion par-tcp --practicar --lecciones ${LESSONS}`, {
    TALLER_SOCKETS_HOME: tempHome(), TALLER_SOCKETS_LEAK_MARKER: marker.value, TALLER_SOCKETS_PUERTOS_LIBRES: '1', NO_COLOR: '1', CI: '', TERM: 'xterm-256color',
  });
  track(terminal);
  const goal = await terminal.waitFor(/servidor ▸ $/m);
  const port = /local 127\.0\.0\.1:(\d+)/.exec(goal)?.[1];
  assert.ok(port, 'the goal names the port to use');
  const typeLines = (...lines: string[]): void => {
    for (const line of lines) {
      terminal.type(line);
      terminal.sendKeys('Enter');
    }
    terminal.sendKeys('Enter');
  };
  typeLines('import socket', 's = socket.socket()');
  await terminal.waitFor(/✘ la salida muestra «Servidor esperando\.\.\.»/);
  await terminal.waitFor(/Todavía no/);
  typeLines(`s.bind(('127.0.0.1', ${port}))`, 's.listen()', "print('Servidor esperando...')");
  await terminal.waitFor(/✔ la salida muestra «Servidor esperando\.\.\.»/);
  await terminal.waitFor(/Paso 2 de 3 · Aceptar/);
  typeLines('conn, addr = s.accept()');
  await terminal.waitFor(/servidor bloqueado/);
  await terminal.waitFor(/Paso de demostración/);
  const end = await terminal.waitFor(/\[salida: \d+\]/);
  assert.match(end, /✔ lanza TypeError/);
  assert.match(end, /✔ conn: remoto 127\.0\.0\.1:\*/);
  assert.match(end, /Puntuación: 5 de 6 {2}1 con reintentos · 1 a la primera/);
  assert.match(end, /\[salida: 0\]/);
});

test('practice mode refuses to run without a terminal, with a Spanish reason', async () => {
  const { runCli } = await import('../helpers/cli.js');
  const { code, stderr } = await runCli(['leccion', 'par-tcp', '--practicar', '--lecciones', LESSONS], { env: marker.env });
  assert.equal(code, 2);
  assert.match(stderr, /El modo práctica necesita una terminal interactiva/);
});
