import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, ROOT } from '../helpers/cli.js';

/** The complete examples of docs/guia-docentes.md are real: the lesson and the exercise pass `autor validar`. */
const guide = readFileSync(join(ROOT, 'docs', 'guia-docentes.md'), 'utf8');

/** The fenced block of `language` that follows `after` in the guide. */
function block(after: string, fence: string, language: string): string {
  const start = guide.indexOf(after);
  assert.ok(start >= 0, `the guide says «${after}»`);
  const open = guide.indexOf(`${fence}${language}\n`, start);
  assert.ok(open >= 0, `a ${language} block after «${after}»`);
  const body = open + fence.length + language.length + 1;
  return guide.slice(body, guide.indexOf(`\n${fence}\n`, body) + 1);
}

it('la guía para docentes: su lección y su ejercicio de ejemplo pasan «autor validar»', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-guia-'));
  try {
    mkdirSync(join(dir, 'lecciones', '01-mi-leccion'), { recursive: true });
    writeFileSync(join(dir, 'lecciones', '01-mi-leccion', 'leccion.md'), block('Es lo que crea', '````', 'markdown'));
    const exercise = join(dir, 'ejercicios', '01-saludo-tcp');
    mkdirSync(exercise, { recursive: true });
    writeFileSync(join(exercise, 'ejercicio.yaml'), block('`mis-ejercicios/01-saludo-tcp/ejercicio.yaml`', '```', 'yaml'));
    writeFileSync(join(exercise, 'enunciado.md'), block('`enunciado.md`:', '```', 'markdown'));
    const solution = block('`solucion.py`:', '```', 'python');
    writeFileSync(join(exercise, 'solucion.py'), solution);
    // As the guide says: the starter is the solution sending a str.
    writeFileSync(join(exercise, 'inicio.py'), solution.replace("conn.sendall(b'Hola desde el servidor')", "conn.sendall('Hola desde el servidor')"));
    const run = await runCli(['autor', 'validar', dir, '--json'], { timeoutMs: 200_000 });
    const report = JSON.parse(run.stdout) as { ok: boolean; lessons: number; exercises: number; findings: unknown[] };
    assert.deepEqual(report.findings, []);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(report.lessons, 1);
    assert.equal(report.exercises, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
