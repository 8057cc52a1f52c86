import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, ROOT } from '../helpers/cli.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';

/** `autor nuevo` and `autor validar` over a teacher's folders, and `+carpeta` for lessons and exercises. */
const STACK = /\bat .*\.(ts|js|mjs):\d+|node:internal/;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'taller-sockets-autor-'));
}

interface Findings {
  ok: boolean;
  findings: Array<{ kind: string; file: string; line?: number; message: string }>;
}

async function validate(path: string, env: NodeJS.ProcessEnv = {}): Promise<Findings & { code: number | null; stderr: string }> {
  const run = await runCli(['autor', 'validar', path, '--json'], { env, timeoutMs: 240_000 });
  assert.doesNotMatch(run.stderr, STACK);
  return { ...(JSON.parse(run.stdout) as Findings), code: run.code, stderr: run.stderr };
}

describe('autor', { concurrency: false }, () => {
  it('nuevo leccion: pasa «autor validar» tal cual, y se usa junto a las del taller con --lecciones +carpeta', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    try {
      const made = await runCli(['autor', 'nuevo', 'leccion', 'mi-leccion', '--en', join(dir, 'lecciones')]);
      assert.equal(made.code, 0, made.stderr);
      assert.match(made.stdout, /Lección creada en .*01-mi-leccion/);
      const file = join(dir, 'lecciones', '01-mi-leccion', 'leccion.md');
      assert.match(readFileSync(file, 'utf8'), /^id: mi-leccion/m);
      const result = await validate(join(dir, 'lecciones', '01-mi-leccion'));
      assert.deepEqual(result.findings, []);
      assert.equal(result.code, 0);
      // A second one is numbered after it.
      const second = await runCli(['autor', 'nuevo', 'leccion', 'otra', '--en', join(dir, 'lecciones')]);
      assert.equal(second.code, 0, second.stderr);
      assert.deepEqual(readdirSync(join(dir, 'lecciones')).sort(), ['01-mi-leccion', '02-otra']);
      // Instead of the shipped lessons, or in addition to them.
      const instead = await runCli(['lecciones', '--lecciones', join(dir, 'lecciones')]);
      assert.match(instead.stdout, /1\. Mi leccion \(mi-leccion/);
      const shipped = readdirSync(join(ROOT, 'lessons')).length;
      const both = await runCli(['lecciones', '--lecciones', `+${join(dir, 'lecciones')}`]);
      assert.match(both.stdout, new RegExp(`${shipped + 1}\\. Mi leccion \\(mi-leccion`));
      assert.match(both.stdout, /1\. .*\(programacion-de-sockets/);
      const marker = leakMarker();
      const auto = await runCli(['leccion', 'mi-leccion', '--auto'], {
        env: { TALLER_SOCKETS_LECCIONES: `+${join(dir, 'lecciones')}`, TALLER_SOCKETS_LEAK_MARKER: marker.value },
      });
      assert.equal(auto.code, 0, auto.stdout);
      assert.deepEqual(await survivingProcesses(marker.value), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('nuevo ejercicio: dice qué rellenar hasta que se rellena; luego valida y se usa con --ejercicios +carpeta', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    try {
      const made = await runCli(['autor', 'nuevo', 'ejercicio', 'eco-mayus', '--pruebas', 'eco-tcp', '--en', dir]);
      assert.equal(made.code, 0, made.stderr);
      assert.match(made.stdout, /RELLENAR/);
      const folder = join(dir, '01-eco-mayus');
      const first = await validate(folder);
      assert.equal(first.code, 1);
      const places = first.findings.map((finding) => `${finding.kind} ${finding.file.split('/').pop()}:${finding.line}`);
      assert.deepEqual(places.sort(), ['marcador ejercicio.yaml:11', 'marcador ejercicio.yaml:13', 'marcador enunciado.md:3']);
      // Filled in: valid, and listed after the shipped exercises.
      const yaml = join(folder, 'ejercicio.yaml');
      writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('RELLENAR: una pista suave (qué mirar primero).', 'Mira el eco.').replace('RELLENAR: una pista más directa (qué cambiar).', 'Devuelve lo que llega.'));
      writeFileSync(join(folder, 'enunciado.md'), '# Eco en mayúsculas\n\nEscribe `eco-mayus.py`: un servidor de eco.\n');
      const second = await validate(folder);
      assert.deepEqual(second.findings, []);
      assert.equal(second.code, 0);
      const listed = await runCli(['ejercicios', '--json', '--ejercicios', `+${dir}`]);
      const ids = (JSON.parse(listed.stdout) as Array<{ id: string }>).map((exercise) => exercise.id);
      assert.equal(ids.at(-1), 'eco-mayus');
      assert.ok(ids.includes('servidor-tcp'));
      // calificar knows it too.
      const klass = join(dir, 'clase');
      mkdirSync(klass);
      writeFileSync(join(klass, 'ana.py'), readFileSync(join(folder, 'solucion.py')));
      const graded = await runCli(['calificar', klass, '--ejercicio', 'eco-mayus', '--formato', 'json'], { env: { TALLER_SOCKETS_EJERCICIOS: `+${dir}` } });
      assert.equal(graded.code, 0, graded.stderr);
      assert.equal((JSON.parse(graded.stdout) as { submissions: Array<{ status: string }> }).submissions[0]?.status, 'pass');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('validar: cada problema con su archivo y línea (formato, marcadores, lección en rojo, solución, inicio, programa erróneo)', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    try {
      const lessons = join(dir, 'lecciones');
      mkdirSync(join(lessons, '01-mal-formato'), { recursive: true });
      writeFileSync(join(lessons, '01-mal-formato', 'leccion.md'), '---\nid: mal-formato\ntitulo: Mal\nsecciones: [Algo]\nactores: [servidor]\n---\nIntro.\n\n## Paso\n\n```python servidor\nx = 1\n```\n\n```comprobar\n- socket: x\n  familia: AF_INET4\n```\n');
      mkdirSync(join(lessons, '02-en-rojo'));
      writeFileSync(join(lessons, '02-en-rojo', 'leccion.md'), '---\nid: en-rojo\ntitulo: En rojo\nsecciones: [Algo]\nactores: [servidor]\n---\nTODO: escribir la introducción.\n\n## Imprime\n\n```python servidor\nprint("hola")\n```\n\n```comprobar\n- salida: adiós\n```\n');
      const exercises = join(dir, 'ejercicios');
      const exercise = join(exercises, '01-servidor-tcp');
      mkdirSync(join(exercise, 'errores'), { recursive: true });
      const shipped = join(ROOT, 'exercises', '01-servidor-tcp');
      writeFileSync(join(exercise, 'ejercicio.yaml'), 'id: servidor-tcp\ntitulo: Servidor\npistas:\n  - Una pista.\n');
      writeFileSync(join(exercise, 'enunciado.md'), '# Servidor\n\nEscribe {{archivo}}.\n');
      // Swapped on purpose: the "solution" is the starter and the "starter" the solution.
      writeFileSync(join(exercise, 'solucion.py'), readFileSync(join(shipped, 'inicio.py')));
      writeFileSync(join(exercise, 'inicio.py'), readFileSync(join(shipped, 'solucion.py')));
      writeFileSync(join(exercise, 'errores', 'promete-otra-cosa.py'), `# prueba: responde\n# espera: un mensaje que nunca sale\n${readFileSync(join(shipped, 'inicio.py'), 'utf8')}`);
      writeFileSync(join(exercise, 'errores', 'sin-cabecera.py'), 'print(1)\n');
      const marker = leakMarker();
      const result = await validate(dir, { TALLER_SOCKETS_LEAK_MARKER: marker.value });
      assert.equal(result.code, 1);
      assert.equal(result.ok, false);
      const got = result.findings.map((f) => `${f.kind} ${f.file.slice(dir.length + 1)}:${f.line ?? ''} ${f.message}`);
      const expect: Array<[RegExp, string]> = [
        [/^formato lecciones\/01-mal-formato\/leccion\.md:17 .*AF_INET4.*AF_INET/, 'format error with its line and a suggestion'],
        [/^marcador lecciones\/02-en-rojo\/leccion\.md:7 una nota TODO/, 'TODO note'],
        [/^leccion lecciones\/02-en-rojo\/leccion\.md:9 paso 1 \(«Imprime»\) no pasa con --auto: .*adiós/, 'red lesson step'],
        [/^marcador ejercicios\/01-servidor-tcp\/enunciado\.md:3 llaves de plantilla/, 'template braces'],
        [/^formato ejercicios\/01-servidor-tcp\/errores\/sin-cabecera\.py:1 campo «espera»/, 'wrong program without its header'],
        [/^ejercicio ejercicios\/01-servidor-tcp\/solucion\.py: la solución de referencia no pasa: falla «responde/, 'solution fails'],
        [/^ejercicio ejercicios\/01-servidor-tcp\/inicio\.py: el archivo de partida ya pasa/, 'starter passes'],
        [/^ejercicio ejercicios\/01-servidor-tcp\/errores\/promete-otra-cosa\.py:1 a su mensaje le falta «un mensaje que nunca sale»/, 'declared message missing'],
      ];
      for (const [pattern, what] of expect) assert.ok(got.some((line) => pattern.test(line)), `${what}\n${got.join('\n')}`);
      assert.equal(got.length, expect.length, got.join('\n'));
      assert.deepEqual(await survivingProcesses(marker.value), []);
      // The same, for people: grouped, with file:line, exit 1.
      const human = await runCli(['autor', 'validar', dir], { timeoutMs: 240_000 });
      assert.equal(human.code, 1);
      assert.match(human.stdout, /Formato\n {2}✘ .*01-mal-formato\/leccion\.md:17: /);
      assert.match(human.stdout, /Hay 8 problemas/);
      assert.match(human.stderr, /^\[\d+\/\d+\] MAL: lección 02-en-rojo$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('errores de uso: en español, código 2', async () => {
    const dir = tempDir();
    try {
      const cases: Array<[string[], RegExp]> = [
        [['autor'], /Indica qué hacer/],
        [['autor', 'nuevo', 'cosa', 'x'], /El tipo debe ser «leccion» o «ejercicio»/],
        [['autor', 'nuevo', 'leccion', 'Mal Id', '--en', dir], /no sirve como id/],
        [['autor', 'nuevo', 'ejercicio', 'x', '--pruebas', 'servidor-tcpp', '--en', dir], /No hay pruebas «servidor-tcpp» \(¿quisiste decir «servidor-tcp»\?\)/],
        [['autor', 'validar', join(dir, 'no-existe')], /No existe la carpeta/],
        [['autor', 'validar', dir], /No encuentro lecciones .* ni ejercicios/],
      ];
      for (const [args, message] of cases) {
        const run = await runCli(args);
        assert.equal(run.code, 2, `${args.join(' ')}\n${run.stderr}`);
        assert.match(run.stderr, message);
        assert.doesNotMatch(run.stderr, STACK);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
