import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { TmuxTerminal } from '../helpers/tmux.js';
import { ROOT, BUILT_CLI, tempHome } from '../helpers/cli.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';

/**
 * The screen as the learner sees it, at 80x24 and 100x32: no line the terminal has to wrap, the
 * step's output, its checks and the keys on the screen together, no escape sequence with NO_COLOR.
 */
const LESSONS = join(ROOT, 'test', 'fixtures', 'lessons');
const marker = leakMarker();
const terminals: TmuxTerminal[] = [];
after(async () => {
  for (const terminal of terminals) terminal.close();
  assert.deepEqual(await survivingProcesses(marker.value), [], 'no Python process survives');
});

const skip = !TmuxTerminal.available() ? 'tmux no está instalado' : !existsSync(BUILT_CLI) ? 'falta dist/: ejecuta npm run build' : false;
const SIZES = [{ width: 80, height: 24 }, { width: 100, height: 32 }];

function open(args: string, size: { width: number; height: number }, env: Record<string, string> = {}): TmuxTerminal {
  const terminal = new TmuxTerminal(`node ${BUILT_CLI} ${args} --lecciones ${LESSONS}`, {
    TALLER_SOCKETS_HOME: tempHome(),
    TALLER_SOCKETS_LEAK_MARKER: marker.value,
    TALLER_SOCKETS_PUERTOS_LIBRES: '1',
    NO_COLOR: '1',
    CI: '',
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    ...env,
  }, size);
  terminals.push(terminal);
  return terminal;
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
    let screen = await terminal.waitFor(/Todavía no\. Corrige y vuelve a intentarlo/);
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
    screen = await terminal.waitFor(/\[salida: 0\]/);
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
    terminals.push(terminal);
    await terminal.waitFor(/\[v\] verificar/);
    assert.match(terminal.screen(), new RegExp(`node ${BUILT_CLI.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} verificar servidor-tcp --vigilar`), 'the next commands, runnable as printed');
    terminal.sendKeys('w');
    let screen = await terminal.waitFor(/Guarda el archivo para volver a verificar/);
    assert.match(screen, /Vigilando \.\/servidor-tcp\.py · verificación 1/);
    assert.match(screen, /✘ 1 de 4 pruebas superadas/);
    assertFits(terminal, 'watch, first run');
    copyFileSync(join(ROOT, 'exercises', '01-servidor-tcp', 'solucion.py'), join(folder, 'servidor-tcp.py'));
    screen = await terminal.waitFor(/\[s\] siguiente ejercicio/);
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
