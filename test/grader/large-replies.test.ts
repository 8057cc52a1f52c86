import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadExercises } from '../../src/grader/exercise-content.js';
import { MAX_BUFFERED_BYTES } from '../../src/grader/tcp-peer.js';
import { singleEchoTester } from '../../src/grader/testers/single-echo.js';
import type { TesterDefinition } from '../../src/grader/types.js';
import { assertFailsWith, assertPasses, gradeChecked } from './grade-helpers.js';

const echoSolution = join((await loadExercises()).find((exercise) => exercise.id === 'eco-tcp')!.dir, 'solucion.py');
const scratch = mkdtempSync(join(tmpdir(), 'taller-sockets-large-replies-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** eco-tcp's round trip with one payload of `bytes`: larger than what the grader buffers unasked. */
const bigEcho = (bytes: number): TesterDefinition => singleEchoTester(randomBytes(bytes));

function program(name: string, source: string): string {
  const file = join(scratch, name);
  writeFileSync(file, source);
  return file;
}

describe('respuestas más grandes que el búfer del calificador', () => {
  it('un eco de 16 MB (el doble del tope de lectura) vuelve entero y pasa', async () => {
    assert.ok(16 * 1024 * 1024 > MAX_BUFFERED_BYTES, 'la carga debe superar el tope');
    assertPasses(await gradeChecked(bigEcho(16 * 1024 * 1024), echoSolution, { port: 'libre' }));
  });

  it('un eco que se queda a medias con 16 MB sigue fallando y dice cuánto llegó', async () => {
    // Echoes the first 9 MB (beyond the cap: the grader must keep reading), then only reads.
    const half = program(
      'eco-a-medias.py',
      [
        'import os, socket',
        "HOST = os.environ.get('HOST', '127.0.0.1')",
        "PORT = int(os.environ.get('PUERTO', '65432'))",
        'with socket.socket() as s:',
        '    s.bind((HOST, PORT))',
        '    s.listen()',
        '    conn, _ = s.accept()',
        '    sent = 0',
        '    while True:',
        '        data = conn.recv(65536)',
        '        if not data:',
        '            break',
        '        if sent < 9 * 1024 * 1024:',
        '            conn.sendall(data)',
        '            sent += len(data)',
        '',
      ].join('\n'),
    );
    const result = await gradeChecked(bigEcho(16 * 1024 * 1024), half, { port: 'libre' });
    assertFailsWith(result, ['Esperaba el eco de la carga (16 777 216 bytes)', 'solo tenía']);
  });
});
