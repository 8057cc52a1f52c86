import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, BUILT_CLI, tempHome } from '../helpers/cli.js';

/**
 * Every example of every learner command's --help is run as printed (no TTY, a fresh home, an
 * empty folder): none may fail for an unknown id, option or argument. The printed form is the one
 * that runs from here (`node <path>/main.js`, as the test starts the CLI).
 */
const LEARNER_COMMANDS = ['lecciones', 'leccion', 'progreso', 'reiniciar', 'doctor', 'ejercicios', 'ejercicio', 'verificar', 'pista', 'solucion'];
const USAGE_MISTAKE = /Argumentos? desconocidos?|No hay ninguna lección|No hay ningún ejercicio|Faltan argumentos|Comando desconocido|¿Qué ejercicio\?/;

async function examplesOf(command: string): Promise<string[]> {
  const { stdout, code } = await runCli([command, '--help'], { env: { COLUMNS: '80' } });
  assert.equal(code, 0);
  const section = stdout.split('Ejemplos:\n')[1] ?? '';
  const lines = section.split('\n').map((line) => line.trim()).filter(Boolean);
  for (const line of stdout.split('\n')) assert.ok(line.length <= 80, `«${command} --help» fits 80 columns: ${line}`);
  assert.doesNotMatch(stdout, /\[sí\/no\]|\[texto\]/, 'no type tags');
  return lines.filter((line) => !line.startsWith('#'));
}

test('every example in every --help runs as printed', { timeout: 480_000 }, async () => {
  let ran = 0;
  // An exercise in progress, as a learner has when an example leaves the id out (a fresh one for
  // each example: «reiniciar --si» forgets everything).
  const homeInProgress = async (): Promise<string> => {
    const home = mkdtempSync(join(tmpdir(), 'taller-ejemplos-home-'));
    assert.equal((await runCli(['pista', 'servidor-tcp'], { env: { TALLER_SOCKETS_HOME: home } })).code, 0);
    return home;
  };
  for (const command of LEARNER_COMMANDS) {
    const examples = await examplesOf(command);
    assert.ok(examples.length > 0, `«${command} --help» has examples`);
    for (const example of examples) {
      const printed = example.replace(/\s+#.*$/, '');
      assert.ok(printed.startsWith(`node ${BUILT_CLI} `) || printed.startsWith('node dist/cli/main.js '), `runnable form: ${printed}`);
      const args = printed.split(/\s+/).slice(2);
      const cwd = mkdtempSync(join(tmpdir(), 'taller-ejemplo-'));
      // Only an example without an id needs an exercise in progress.
      const home = args.length === 1 && ['verificar', 'pista', 'ejercicio', 'solucion', 'probar'].includes(args[0]!) ? await homeInProgress() : tempHome();
      const { code, stderr } = await runCli(args, { cwd, timeoutMs: 60_000, env: { TALLER_SOCKETS_HOME: home } });
      assert.doesNotMatch(stderr, USAGE_MISTAKE, `${printed}: ${stderr}`);
      assert.notEqual(code, null, `${printed} ends`);
      assert.notEqual(code, 70, `${printed}: no internal error: ${stderr}`);
      ran++;
    }
  }
  assert.ok(ran >= 20, `ran ${ran} examples`);
});

test('no --help of a learner command shows the teachers\' options; the teacher commands do', async () => {
  for (const command of ['leccion', 'verificar', 'ejercicios']) {
    const { stdout } = await runCli([command, '--help']);
    assert.doesNotMatch(stdout, /--lecciones|--ejercicios /, command);
  }
  const { stdout } = await runCli(['autor', '--help']);
  assert.match(stdout, /--lecciones/);
});

test('an option mistyped gets the closest real one', async () => {
  const { code, stderr } = await runCli(['leccion', 'accept', '--practica']);
  assert.equal(code, 2);
  assert.match(stderr, /¿Quisiste decir --practicar\?/);
  const far = await runCli(['leccion', 'accept', '--zzzzzzzz']);
  assert.doesNotMatch(far.stderr, /Quisiste decir/);
});

test('verificar, pista, ejercicio and solucion without an id list the ids, or use the exercise in progress', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'taller-sin-id-'));
  for (const command of ['verificar', 'pista', 'ejercicio', 'solucion']) {
    const { code, stderr } = await runCli([command], { cwd: empty });
    assert.equal(code, 2, command);
    assert.match(stderr, /¿Qué ejercicio\? No tienes ninguno en curso/);
    assert.match(stderr, /1\. servidor-tcp/);
    assert.match(stderr, new RegExp(`Por ejemplo: node \\S+ ${command} servidor-tcp`));
  }
  const home = mkdtempSync(join(tmpdir(), 'taller-home-'));
  const started = await runCli(['pista', 'cliente-udp'], { cwd: empty, env: { TALLER_SOCKETS_HOME: home } });
  assert.equal(started.code, 0, started.stderr);
  const next = await runCli(['pista'], { cwd: empty, env: { TALLER_SOCKETS_HOME: home } });
  assert.equal(next.code, 0, next.stderr);
  assert.match(next.stdout, /Pista 2/);
});
