import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, ROOT } from '../helpers/cli.js';

const LESSONS = join(ROOT, 'test', 'fixtures', 'lessons');

function fakePython(script: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'taller-python-')), 'python3');
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

async function lessonWith(python: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return runCli(['leccion', 'par-tcp', '--auto', '--lecciones', LESSONS], { env: { TALLER_SOCKETS_PYTHON: python } });
}

test('a missing interpreter is a clear Spanish error, exit 2, no stack trace', async () => {
  const { code, stderr } = await lessonWith('/no/existe/python3');
  assert.equal(code, 2);
  assert.match(stderr, /TALLER_SOCKETS_PYTHON apunta a \/no\/existe\/python3, que no existe/);
  assert.doesNotMatch(stderr, /\n\s+at /);
});

test('a program that is not Python 3 is refused with the way out', async () => {
  const { code, stderr } = await lessonWith(fakePython('echo "Python 2.7.18"'));
  assert.equal(code, 2);
  assert.match(stderr, /no parece ser Python 3.*TALLER_SOCKETS_PYTHON/);
});

test('a Python older than 3.8 is refused naming its version', async () => {
  const { code, stderr } = await lessonWith(fakePython('echo "taller-sockets: /usr/bin/python3.6 | 3 6 9"'));
  assert.equal(code, 2);
  assert.match(stderr, /es la versión 3\.6\.9; el taller necesita Python 3\.8 o posterior/);
});

test('a shim that prints warnings first still resolves to the real interpreter, and lessons run', async () => {
  const real = (await import('node:child_process')).execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  const shim = fakePython(`echo "aviso: este python es un shim" \nexec ${real} "$@"`);
  const { code, stdout } = await lessonWith(shim);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /Pasos superados: 3 de 3/);
});

test('a Python that passes the check but whose kernel cannot start: a Spanish error with what it printed, exit 2, nothing left', async () => {
  // It answers the interpreter check as itself, so the kernels are started through it too.
  const broken = fakePython([
    'case "$*" in',
    '  *interpreter.py*) echo "taller-sockets: $0 | 3 11 7";;',
    '  *) echo "Fatal Python error: init_fs_encoding: failed to get the Python codec" >&2; exit 1;;',
    'esac',
  ].join('\n'));
  const { code, stderr } = await lessonWith(broken);
  assert.equal(code, 2, stderr);
  assert.match(stderr, /No se pudo iniciar el Python de «(servidor|cliente)» para la lección \(código 1\)/);
  assert.match(stderr, /Fatal Python error: init_fs_encoding/);
  assert.doesNotMatch(stderr, /Error interno|\n\s+at /);
});
