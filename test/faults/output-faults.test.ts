import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_CLI, ROOT, runCli, tempHome } from '../helpers/cli.js';
import { FAULT_LESSONS, leftIn } from './fault-helpers.js';

const noDevFull = !existsSync('/dev/full') ? 'no /dev/full on this system' : false;
const SOLUTION = join(ROOT, 'exercises', '03-cliente-udp', 'solucion.py');

interface Ended {
  code: number | null;
  stderr: string;
  home: string;
  tmp: string;
}

/** Runs the CLI with its stdout on /dev/full (every write fails with ENOSPC), or read once and then closed (`| head -1`). */
function runWithBrokenStdout(args: string[], stdout: 'full' | 'closed-after-first-line'): Promise<Ended> {
  const home = tempHome();
  const tmp = mkdtempSync(join(tmpdir(), 'taller-sockets-fallos-tmp-'));
  const full = stdout === 'full' ? openSync('/dev/full', 'w') : undefined;
  const child = spawn(process.execPath, [BUILT_CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, TALLER_SOCKETS_HOME: home, TALLER_SOCKETS_PUERTOS_LIBRES: '1', CI: 'true', NO_COLOR: '1', TMPDIR: tmp },
    stdio: ['ignore', full ?? 'pipe', 'pipe'],
  });
  if (full !== undefined) closeSync(full);
  // Like `head -1`: read the first chunk, then close the reading end for good.
  child.stdout?.once('data', () => child.stdout!.destroy());
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not end:\n${stderr}`));
    }, 60_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, home, tmp });
    });
  });
}

function assertOneSpanishLine(stderr: string, reason: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr:\n${stderr}`);
  assert.match(lines[0]!, /^taller-sockets: no pude escribir la salida \(.+\); la orden terminó su trabajo igual\.$/);
  assert.match(lines[0]!, reason);
  assert.doesNotMatch(stderr, /Error:|at .*:\d+:\d+|node:internal/, 'no stack trace');
}

test('leccion --auto > /dev/full: una línea en español, sale con 1, el progreso se guarda y no queda carpeta temporal', { skip: noDevFull }, async () => {
  const ended = await runWithBrokenStdout(['leccion', 'rapida', '--auto', '--lecciones', FAULT_LESSONS], 'full');
  assert.equal(ended.code, 1);
  assertOneSpanishLine(ended.stderr, /el disco está lleno/);
  assert.equal(JSON.parse(readFileSync(join(ended.home, 'progreso.json'), 'utf8')).lessons.rapida?.done, true, 'the lesson is recorded');
  assert.deepEqual(leftIn(ended.tmp), []);
});

test('verificar --json > /dev/full: una línea en español, el intento se guarda, la carpeta del corrector se borra', { skip: noDevFull }, async () => {
  const ended = await runWithBrokenStdout(['verificar', 'cliente-udp', SOLUTION, '--json'], 'full');
  assert.equal(ended.code, 1);
  assertOneSpanishLine(ended.stderr, /el disco está lleno/);
  const saved = JSON.parse(readFileSync(join(ended.home, 'progreso.json'), 'utf8')).exercises['cliente-udp'];
  assert.deepEqual([saved?.attempts, saved?.passed], [1, true]);
  assert.deepEqual(leftIn(ended.tmp), [], 'no taller-sockets-grader-* folder left');
});

test('leccion --auto | head -1: la lección termina, su código es el del veredicto (0) y el progreso se guarda', async () => {
  const ended = await runWithBrokenStdout(['leccion', 'accept', '--auto', '--no-paquetes'], 'closed-after-first-line');
  assert.equal(ended.code, 0, ended.stderr);
  assertOneSpanishLine(ended.stderr, /quien la leía se cerró antes de tiempo/);
  assert.equal(JSON.parse(readFileSync(join(ended.home, 'progreso.json'), 'utf8')).lessons.accept?.done, true);
  assert.deepEqual(leftIn(ended.tmp), []);
});

function lessonFolder(body: string): string {
  const root = mkdtempSync(join(tmpdir(), 'taller-sockets-lecciones-enormes-'));
  mkdirSync(join(root, '01-enorme'));
  writeFileSync(join(root, '01-enorme', 'leccion.md'), [
    '---', 'id: enorme', 'titulo: Enorme', 'secciones: [Prueba]', 'actores: [servidor]', '---',
    body, '', '## Paso', '', '```python servidor', 'print(1)', '```', '',
  ].join('\n'));
  return root;
}

test('archivos de contenido desmesurados: error en español con archivo:línea y código 2 (no el inglés de la biblioteca de Markdown)', async () => {
  const cases: Array<[string, RegExp]> = [
    ['x'.repeat(10_000_000), /leccion\.md:1: el archivo pesa 9\.5 MB; un archivo de contenido puede tener como mucho 1\.0 MB/],
    ['x'.repeat(100_000), /leccion\.md:7: la línea tiene 100000 caracteres; una línea puede tener como mucho 5000/],
    [Array.from({ length: 30_000 }, () => 'Una línea normal de texto, repetida hasta pasar del mega.').join('\n'), /leccion\.md:1: el archivo pesa 1\.\d MB; un archivo de contenido puede tener como mucho 1\.0 MB/],
    ['>'.repeat(2000) + ' cita', /leccion\.md:7: la línea empieza con 2001 caracteres de sangría, citas \(>\) o viñetas/],
  ];
  for (const [body, expected] of cases) {
    const result = await runCli(['leccion', 'enorme', '--auto', '--lecciones', lessonFolder(body)]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, expected);
    assert.doesNotMatch(result.stderr, /Please report|Error interno/);
  }
  // Right at the limits, a lesson still renders and runs.
  const atLimit = await runCli(['leccion', 'enorme', '--auto', '--lecciones', lessonFolder(`${'palabra '.repeat(624)}fin\n\n${'> '.repeat(200)}cita`)]);
  assert.equal(atLimit.code, 0, atLimit.stderr);

  const exercises = mkdtempSync(join(tmpdir(), 'taller-sockets-ejercicios-enormes-'));
  cpSync(join(ROOT, 'exercises', '03-cliente-udp'), join(exercises, '03-cliente-udp'), { recursive: true });
  const statement = join(exercises, '03-cliente-udp', 'enunciado.md');
  const lines = readFileSync(statement, 'utf8').split('\n').length;
  appendFileSync(statement, `${'y'.repeat(6000)}\n`);
  const listed = await runCli(['ejercicios', '--ejercicios', exercises]);
  assert.equal(listed.code, 2, listed.stderr);
  assert.match(listed.stderr, new RegExp(`enunciado\\.md:${lines}: la línea tiene 6000 caracteres`));
});
