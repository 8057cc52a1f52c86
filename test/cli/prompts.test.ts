import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TmuxTerminal } from '../helpers/tmux.js';
import { ROOT, tempHome } from '../helpers/cli.js';
import { confirmYesNo, chooseFromMenu, parseYesNo, PromptCancelled } from '../../src/ui/prompts.js';
import { stripAnsi } from '../../src/ui/theme.js';

/** A fake terminal: enquirer only accepts a TTY-like input, and reads keys from it. */
function fakeTerminal(): { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; output: () => string; type: (text: string) => void } {
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream & { isTTY: boolean; setRawMode: (mode: boolean) => unknown; isRaw: boolean };
  stdin.isTTY = true;
  stdin.isRaw = false;
  stdin.setRawMode = (mode: boolean) => {
    stdin.isRaw = mode;
    return stdin;
  };
  const stdout = new PassThrough() as unknown as NodeJS.WriteStream & { columns: number; rows: number; isTTY: boolean };
  stdout.columns = 80;
  stdout.rows = 24;
  stdout.isTTY = true;
  let output = '';
  (stdout as unknown as PassThrough).on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return {
    stdin,
    stdout,
    output: () => stripAnsi(output),
    // One key per write, as a terminal sends them; setImmediate lets the prompt start first.
    type: (text: string) => {
      const keys = [...text];
      const next = (): void => {
        const key = keys.shift();
        if (key === undefined) return;
        (stdin as unknown as PassThrough).write(key);
        setImmediate(next);
      };
      setImmediate(next);
    },
  };
}

async function answer(typed: string, initial?: boolean): Promise<{ value: boolean; output: string }> {
  const terminal = fakeTerminal();
  const pending = confirmYesNo('¿Borrar todo tu progreso?', { stdin: terminal.stdin, stdout: terminal.stdout, initial });
  terminal.type(typed);
  const value = await pending;
  return { value, output: terminal.output() };
}

test('parseYesNo entiende sí y no en español', () => {
  for (const yes of ['s', 'S', 'sí', 'SÍ', 'si', ' si ', 'y', 'yes']) assert.equal(parseYesNo(yes), true, yes);
  for (const no of ['n', 'N', 'no', 'No']) assert.equal(parseYesNo(no), false, no);
  for (const other of ['', 'quizá', 'sip', 'nop', '1']) assert.equal(parseYesNo(other), undefined, other);
});

test('la confirmación acepta «s», «sí» y «si» como sí', async () => {
  for (const typed of ['s\r', 'sí\r', 'si\r']) {
    const { value, output } = await answer(typed);
    assert.equal(value, true, typed);
    assert.match(output, /¿Borrar todo tu progreso\? \(s\/N\)/);
  }
});

test('la confirmación acepta «n» y «no» como no', async () => {
  assert.equal((await answer('n\r')).value, false);
  assert.equal((await answer('no\r')).value, false);
});

test('Enter solo toma el valor por defecto, que se muestra en mayúscula', async () => {
  assert.equal((await answer('\r')).value, false);
  const yesByDefault = await answer('\r', true);
  assert.equal(yesByDefault.value, true);
  assert.match(yesByDefault.output, /\(S\/n\)/);
});

test('una respuesta que no es sí ni no se vuelve a pedir, en español', async () => {
  const { value, output } = await answer('quizá\r\u0008\u0008\u0008\u0008\u0008s\r');
  assert.equal(value, true);
  assert.match(output, /Responde «s» \(sí\) o «n» \(no\)/);
});

test('Ctrl-C en la confirmación se distingue de Esc', async () => {
  const terminal = fakeTerminal();
  const pending = confirmYesNo('¿Seguro?', { stdin: terminal.stdin, stdout: terminal.stdout });
  terminal.type('s\u0003');
  await assert.rejects(pending, (error: unknown) => error instanceof PromptCancelled && error.reason === 'interrupt');
  const other = fakeTerminal();
  const escaped = chooseFromMenu('Elige', [{ name: 'a', message: 'A', value: 1 }], { stdin: other.stdin, stdout: other.stdout });
  other.type('\u001b');
  await assert.rejects(escaped, (error: unknown) => error instanceof PromptCancelled && error.reason === 'escape');
});

test('el menú empieza en la entrada indicada y devuelve su valor', async () => {
  const terminal = fakeTerminal();
  const entries = [
    { name: 'uno', message: 'Primera', value: 'valor-1' },
    { separator: '──' },
    { name: 'dos', message: 'Segunda', value: 'valor-2' },
    { name: 'tres', message: 'Tercera', value: 'valor-3' },
  ];
  const pending = chooseFromMenu('¿Qué quieres hacer?', entries, { stdin: terminal.stdin, stdout: terminal.stdout, initial: 'dos' });
  terminal.type('\r');
  assert.equal(await pending, 'valor-2');
  const again = fakeTerminal();
  const moved = chooseFromMenu('¿Qué quieres hacer?', entries, { stdin: again.stdin, stdout: again.stdout, initial: 'dos' });
  again.type('\u001b[B\r');
  assert.equal(await moved, 'valor-3');
  assert.match(again.output(), /Tercera/);
});

// The same confirmation in a real terminal (tmux): what a learner types, with its accent.
const tmuxSkip = TmuxTerminal.available() ? false : 'tmux no está instalado';
const terminals: TmuxTerminal[] = [];
after(() => {
  for (const terminal of terminals) terminal.close();
});

function resetInTerminal(home: string, args: string[]): TmuxTerminal {
  writeFileSync(join(home, 'progreso.json'), JSON.stringify({
    version: 1,
    lessons: { 'par-tcp': { done: true, lastStep: 3, updatedAt: '2025-03-01T10:00:00.000Z' } },
    exercises: {},
  }));
  const terminal = new TmuxTerminal(`node --import tsx ${join(ROOT, 'src', 'cli', 'main.ts')} reiniciar ${args.join(' ')}`, {
    TALLER_SOCKETS_HOME: home,
    TALLER_SOCKETS_LECCIONES: join(ROOT, 'test', 'fixtures', 'lessons'),
    NO_COLOR: '1',
    CI: '',
    TERM: 'xterm-256color',
  });
  terminals.push(terminal);
  return terminal;
}

function savedLessons(home: string): string[] {
  return Object.keys(JSON.parse(readFileSync(join(home, 'progreso.json'), 'utf8')).lessons);
}

test('en una terminal, «reiniciar» pregunta en español y «sí» borra', { skip: tmuxSkip }, async () => {
  const home = tempHome();
  const terminal = resetInTerminal(home, []);
  await terminal.waitFor(/¿Borrar todo tu progreso\? \(s\/N\)/);
  terminal.type('sí');
  terminal.sendKeys('Enter');
  const screen = await terminal.waitFor(/\[salida: \d+\]/);
  assert.match(screen, /Hecho: he borrado tu progreso \(1 lección, 0 ejercicios\)/);
  assert.match(screen, /\[salida: 0\]/);
  assert.deepEqual(savedLessons(home), []);
});

test('en una terminal, «no» no borra nada y Ctrl-C sale con 130 sin tocar nada', { skip: tmuxSkip }, async () => {
  const home = tempHome();
  const terminal = resetInTerminal(home, ['par-tcp']);
  await terminal.waitFor(/¿Borrar tu avance en la lección «Un servidor y un cliente»\? \(s\/N\)/);
  terminal.type('no');
  terminal.sendKeys('Enter');
  const screen = await terminal.waitFor(/\[salida: \d+\]/);
  assert.match(screen, /No he borrado nada/);
  assert.match(screen, /\[salida: 0\]/);
  assert.deepEqual(savedLessons(home), ['par-tcp']);

  const interrupted = resetInTerminal(home, []);
  await interrupted.waitFor(/¿Borrar todo tu progreso\?/);
  interrupted.type('s');
  interrupted.sendKeys('C-c');
  const end = await interrupted.waitFor(/\[salida: \d+\]/);
  assert.match(end, /\[salida: 130\]/);
  assert.doesNotMatch(end, /at .*\.(ts|js):\d+/, 'no stack trace');
  assert.deepEqual(savedLessons(home), ['par-tcp']);
});
