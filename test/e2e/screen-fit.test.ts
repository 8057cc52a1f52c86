import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { TmuxTerminal, tmuxSuite } from '../helpers/tmux.js';
import { ROOT, BUILT_CLI, tempHome } from '../helpers/cli.js';

/**
 * The screen as the learner sees it, at 80x24 and 100x32: no line the terminal has to wrap, the
 * step's output, its checks and the keys on the screen together, no escape sequence with NO_COLOR.
 */
const LESSONS = join(ROOT, 'test', 'fixtures', 'lessons');
const { marker, skip, track } = tmuxSuite();
const SIZES = [{ width: 80, height: 24 }, { width: 100, height: 32 }];

function open(args: string, size: { width: number; height: number }, env: Record<string, string> = {}): TmuxTerminal {
  const folder = args.includes('--lecciones') ? '' : ` --lecciones ${LESSONS}`;
  const terminal = new TmuxTerminal(`node ${BUILT_CLI} ${args}${folder}`, {
    TALLER_SOCKETS_HOME: tempHome(),
    TALLER_SOCKETS_LEAK_MARKER: marker.value,
    TALLER_SOCKETS_PUERTOS_LIBRES: '1',
    NO_COLOR: '1',
    CI: '',
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    ...env,
  }, size);
  track(terminal);
  return terminal;
}

/** Waits (bounded) until the screen as it is now, not its history, matches: a redraw has finished. */
async function visibleNow(terminal: TmuxTerminal, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = terminal.visible();
    if (pattern.test(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} on the screen:\n${screen}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function assertFits(terminal: TmuxTerminal, what: string): void {
  assert.equal(terminal.wrappedByTerminal(), 0, `${what}: no line is wrapped by the terminal:\n${terminal.rows()}`);
  assert.doesNotMatch(terminal.visible(true), /\u001b\[/, `${what}: no escape sequence with NO_COLOR`);
}

for (const size of SIZES) {
  const label = `${size.width}x${size.height}`;

  test(`${label}: a two-actor lesson; Ctrl-C in a blocked step returns to the prompt; the late result keeps the keys below`, { skip }, async () => {
    const terminal = open('leccion par-tcp', size);
    await terminal.waitFor(/\[Enter\] ejecutar/);
    terminal.sendKeys('Enter');
    await terminal.waitFor(/\[Enter\] siguiente/);
    let screen = terminal.visible();
    assert.match(screen, /servidor │ Servidor esperando\.\.\./, 'the step output is on screen');
    assert.match(screen, /✔ el sistema operativo muestra LISTEN/, 'its checks too');
    assert.match(screen, /\[Enter\] siguiente/, 'and the keys');
    assertFits(terminal, 'after step 1');
    terminal.sendKeys('Enter');
    await terminal.waitFor(/\[Enter\] ejecutar/, 20_000, 2);
    terminal.sendKeys('Enter');
    await terminal.waitFor(/servidor bloqueado en este paso: espera al otro extremo/);
    await terminal.waitFor(/pulsa\s+Ctrl-C\s+para\s+interrumpirlo/);
    await terminal.waitFor(/\[Enter\] ejecutar/, 20_000, 3);
    terminal.sendKeys('C-c');
    await terminal.waitFor(/Ctrl-C: interrumpo el paso 2 \(servidor\)/);
    screen = await terminal.waitFor(/\[Enter\] ejecutar/, 20_000, 4);
    assert.match(screen, /servidor ▸ interrumpido con Ctrl-C/);
    assert.doesNotMatch(screen, /\[salida:/, 'Ctrl-C with an actor blocked does not leave');
    assert.match(terminal.visible().trimEnd().split('\n').at(-1)!, /\[Enter\] ejecutar/, 'the prompt is drawn again, last');
    assertFits(terminal, 'after Ctrl-C');
    terminal.sendKeys('C-c');
    await terminal.waitFor(/\[salida: 130\]/);
  });

  test(`${label}: r rebuilds the state and repeats the step; s runs a step unseen so the next one works`, { skip }, async () => {
    const terminal = open('leccion par-tcp', size);
    await terminal.waitFor(/\[Enter\] ejecutar/);
    terminal.sendKeys('Enter');
    await terminal.waitFor(/\[Enter\] siguiente/);
    terminal.sendKeys('r');
    await terminal.waitFor(/Repito el paso 1: vuelvo a empezar con Pythons nuevos/);
    await terminal.waitFor(/\[Enter\] ejecutar/, 20_000, 2);
    terminal.sendKeys('Enter');
    // The port was free again: no «Address already in use» from the repeated bind().
    const screen = await terminal.waitFor(/✔ el sistema operativo muestra LISTEN/, 20_000, 2);
    assert.doesNotMatch(screen, /Address already in use/);
    await terminal.waitFor(/\[Enter\] siguiente/, 20_000, 2);
    terminal.sendKeys('Enter');
    await terminal.waitFor(/Paso 2 de 3/);
    terminal.sendKeys('s');
    await terminal.waitFor(/Paso 2 saltado: lo ejecuto sin pausa/);
    await terminal.waitFor(/Paso 3 de 3/);
    await terminal.waitFor(/\[Enter\] ejecutar/, 20_000, 4);
    terminal.sendKeys('Enter');
    // The skipped accept() was really run: the client's connect() reaches it and unblocks it.
    await terminal.waitFor(/resultado del paso 2, que estaba bloqueado/);
    await terminal.waitFor(/✔ lanza TypeError con «bytes-like»/);
    assertFits(terminal, 'after r and s');
    terminal.sendKeys('q');
    await terminal.waitFor(/\[salida: 0\]/);
  });

  test(`${label}: practice; a slow step is waited for and must be retried, a step blocked on the other actor moves on`, { skip }, async () => {
    const terminal = open('leccion par-tcp --practicar', size);
    const start = await terminal.waitFor(/servidor ▸ $/m);
    const port = /usamos el (\d+)/.exec(start)?.[1];
    assert.ok(port, 'the lesson says which free port replaces the document\'s');
    terminal.type('import time; time.sleep(1.5)');
    terminal.sendKeys('Enter');
    terminal.sendKeys('Enter');
    await terminal.waitFor(/servidor sigue ejecutando el paso 1[^]*pulsa Ctrl-C/);
    const screen = await terminal.waitFor(/Todavía no\. Corrige y vuelve a intentarlo/);
    assert.doesNotMatch(screen, /espera al otro extremo/, 'a sleep is not a wait for the other actor');
    assert.doesNotMatch(screen, /Paso 2 de 3/, 'no advance while the goals are unmet');
    for (const line of ['import socket', 's = socket.socket(socket.AF_INET, socket.SOCK_STREAM)', "s.bind(('127.0.0.1', PUERTO))", 's.listen()', "print('Servidor esperando...')"]) {
      terminal.type(line.replace('PUERTO', port));
      terminal.sendKeys('Enter');
    }
    terminal.sendKeys('Enter');
    await terminal.waitFor(/Paso 2 de 3/);
    assertFits(terminal, 'practice step 1');
    terminal.type(':salir');
    terminal.sendKeys('Enter');
    await terminal.waitFor(/\[salida: 0\]/);
  });
}

test('80x24: ASCII fallback under LC_ALL=C and TERM=dumb', { skip }, async () => {
  const terminal = open('leccion par-tcp', { width: 80, height: 24 }, { LC_ALL: 'C', TERM: 'dumb' });
  await terminal.waitFor(/\[Enter\] ejecutar/);
  terminal.sendKeys('Enter');
  const screen = await terminal.waitFor(/\[Enter\] siguiente/);
  assert.match(screen, /\+ el sistema operativo muestra LISTEN/);
  assert.match(screen, /servidor > import socket/);
  assert.doesNotMatch(screen, /[✔✘⏳▸─│]/);
  terminal.sendKeys('q');
  await terminal.waitFor(/\[salida: 0\]/);
});

for (const size of SIZES) {
  test(`${size.width}x${size.height}: the exercise loop; the statement, keys, watch mode reruns on save, a pass offers the next exercise`, { skip }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'taller-bucle-'));
    const terminal = new TmuxTerminal(`sh -c 'cd ${folder} && exec node ${BUILT_CLI} ejercicio servidor-tcp'`, {
      TALLER_SOCKETS_HOME: tempHome(), TALLER_SOCKETS_LEAK_MARKER: marker.value, TALLER_SOCKETS_PUERTOS_LIBRES: '1',
      NO_COLOR: '1', CI: '', TERM: 'xterm-256color', LANG: 'C.UTF-8', PAGER: 'cat',
    }, size);
    track(terminal);
    await terminal.waitFor(/\[v\] verificar/);
    assert.match(terminal.screen(), new RegExp(`node ${BUILT_CLI.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} verificar servidor-tcp --vigilar`), 'the next commands, runnable as printed');
    terminal.sendKeys('w');
    const screen = await terminal.waitFor(/Guarda el archivo para volver a verificar/);
    assert.match(screen, /Vigilando \.\/servidor-tcp\.py · verificación 1/);
    assert.match(screen, /✘ 1 de \d+ pruebas superadas/);
    assertFits(terminal, 'watch, first run');
    copyFileSync(join(ROOT, 'exercises', '01-servidor-tcp', 'solucion.py'), join(folder, 'servidor-tcp.py'));
    await terminal.waitFor(/\[s\] siguiente ejercicio/);
    const visible = terminal.visible();
    assert.match(visible, /verificación 2/, 'the screen was cleared: the second run is on it');
    assert.doesNotMatch(visible, /verificación 1/, 'and the first one is gone');
    assert.match(visible, /¡Superado! Siguiente ejercicio: El cliente TCP del documento/);
    assertFits(terminal, 'watch, pass');
    terminal.sendKeys('q');
    await terminal.waitFor(/\[salida: 0\]/);
    const progress = JSON.parse(readFileSync(join(terminal.env.TALLER_SOCKETS_HOME!, 'progreso.json'), 'utf8')) as { exercises: Record<string, { attempts: number; passed: boolean }> };
    assert.equal(progress.exercises['servidor-tcp']?.passed, true);
    assert.equal(progress.exercises['servidor-tcp']?.attempts, 2, 'the first run and the pass count, not every save');
  });
}

test('80x24: a step nobody else can unblock stays on screen with its Ctrl-C; a step that ignores Ctrl-C is restarted by a second one', { skip }, async () => {
  const stuck = open(`leccion atasco --lecciones ${join(ROOT, 'test', 'fixtures', 'lessons-stuck')}`, { width: 80, height: 24 });
  await stuck.waitFor(/\[Enter\] ejecutar/);
  stuck.sendKeys('Enter');
  let screen = await stuck.waitFor(/servidor sigue ejecutando el paso 1[^]*pulsa\s+Ctrl-C\s+para\s+interrumpirlo/);
  assert.doesNotMatch(screen, /espera al otro extremo/, 'no other actor could unblock it');
  stuck.sendKeys('C-c');
  screen = await stuck.waitFor(/\[Enter\] siguiente/);
  assert.match(screen, /servidor ▸ interrumpido con Ctrl-C/);
  assertFits(stuck, 'after interrupting a stuck step');
  stuck.sendKeys('q');
  await stuck.waitFor(/\[salida: 0\]/);

  const stubborn = open(`leccion terco --lecciones ${join(ROOT, 'test', 'fixtures', 'lessons-screen')}`, { width: 80, height: 24 });
  await stubborn.waitFor(/\[Enter\] ejecutar/);
  stubborn.sendKeys('Enter');
  await stubborn.waitFor(/\[Enter\] siguiente/);
  stubborn.sendKeys('Enter');
  await stubborn.waitFor(/\[Enter\] ejecutar/, 20_000, 2);
  stubborn.sendKeys('Enter');
  await stubborn.waitFor(/servidor sigue ejecutando el paso 2/);
  stubborn.sendKeys('C-c');
  await stubborn.waitFor(/Ctrl-C otra vez lo reinicia/);
  stubborn.sendKeys('C-c');
  await stubborn.waitFor(/Ctrl-C otra vez: el paso 2 no se deja interrumpir; reinicio/);
  await stubborn.waitFor(/repetí sus 1 pasos anteriores/);
  await stubborn.waitFor(/\[Enter\] siguiente/, 20_000, 2);
  stubborn.sendKeys('Enter');
  await stubborn.waitFor(/\[Enter\] ejecutar/, 20_000, 3);
  stubborn.sendKeys('Enter');
  // The replayed first step rebuilt «vueltas»: the third step finds it.
  await stubborn.waitFor(/✔ la salida muestra «sigo vivo True»/);
  assertFits(stubborn, 'after a restart');
  stubborn.sendKeys('Enter');
  await stubborn.waitFor(/\[salida: 1\]/);
});

test('80x24: an introduction taller than the terminal is read in the pager (less), then the first step', { skip }, async () => {
  const terminal = open(`leccion send-y-recv --no-paquetes --lecciones ${join(ROOT, 'lessons')}`, { width: 80, height: 24 }, { PAGER: 'less -R' });
  // less draws the start of the introduction and waits; nothing of the first step yet.
  await terminal.waitFor(/Después de accept\(\), el servidor habla con el cliente/);
  assert.doesNotMatch(terminal.visible(), /Paso 1 de/);
  terminal.sendKeys('q');
  await terminal.waitFor(/\(introducción leída en el paginador\)/);
  const screen = await terminal.waitFor(/\[Enter\] ejecutar/);
  assert.match(screen, /Paso 1 de \d+ · Copiado con los números de línea/);
  terminal.sendKeys('q');
  await terminal.waitFor(/\[salida: 0\]/);
});

test('80x24: with PAGER empty the introduction is shown page by page, Enter going on', { skip }, async () => {
  const terminal = open(`leccion send-y-recv --no-paquetes --lecciones ${join(ROOT, 'lessons')}`, { width: 80, height: 24 }, { PAGER: '' });
  await terminal.waitFor(/-- Enter: seguir leyendo {3}q: dejar de paginar --/);
  assert.doesNotMatch(terminal.screen(), /Paso 1 de/);
  terminal.sendKeys('q');
  await terminal.waitFor(/\[Enter\] ejecutar/);
  assertFits(terminal, 'after paging');
  terminal.sendKeys('q');
  await terminal.waitFor(/\[salida: 0\]/);
});

for (const size of SIZES) {
  test(`${size.width}x${size.height}: the menu: one line per entry, headings, a number jumps, redraw intact after scrolling, no colour with NO_COLOR`, { skip }, async () => {
    const terminal = new TmuxTerminal(`node ${BUILT_CLI}`, {
      TALLER_SOCKETS_HOME: tempHome(), TALLER_SOCKETS_LEAK_MARKER: marker.value, NO_COLOR: '1', CI: '', TERM: 'xterm-256color', LANG: 'C.UTF-8',
    }, size);
    track(terminal);
    await terminal.waitFor(/Esc para salir/);
    assert.match(terminal.visible(), /^ {2}Lecciones$/m);
    terminal.type('13');
    await terminal.waitFor(/▸ +13\. Programación de sockets con el protocolo UDP/);
    // Down until an exercise is under the cursor (bounded: the course is shorter than 60 entries).
    for (let press = 0; press < 60 && !/▸ +\d+\. Ejercicio: /.test(terminal.visible()); press++) {
      terminal.sendKeys('Down');
      await visibleNow(terminal, /Esc para salir/);
    }
    assert.match(terminal.visible(), /▸ +\d+\. Ejercicio: /);
    const entries = terminal.visible().split('\n').filter((line) => /^\S?\s+\d+\. /.test(line));
    assert.equal(new Set(entries).size, entries.length, 'no entry drawn twice after scrolling');
    assertFits(terminal, 'menu');
    terminal.sendKeys('Escape');
    await terminal.waitFor(/\[salida: 0\]/);
  });
}
