import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadExercises } from '../../src/grader/exercise-content.js';
import { checkProgramFile } from '../../src/cli/course/program-file.js';
import { UserError } from '../../src/errors.js';
import { BUILT_CLI, runCli, tempHome } from '../helpers/cli.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';

const exercises = new Map((await loadExercises()).map((exercise) => [exercise.id, exercise]));
const servidorTcp = exercises.get('servidor-tcp')!;

/** A learner's folder and data folder, shared by the commands of one test. */
function learner(): { cwd: string; env: NodeJS.ProcessEnv } {
  return { cwd: mkdtempSync(join(tmpdir(), 'taller-sockets-alumno-')), env: { TALLER_SOCKETS_HOME: tempHome() } };
}

describe('CLI de ejercicios', { concurrency: 4 }, () => {
  it('«ejercicio» muestra el enunciado y crea el archivo de partida, sin pisar el tuyo salvo con --forzar', async () => {
    const { cwd, env } = learner();
    const first = await runCli(['ejercicio', 'servidor-tcp'], { cwd, env });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /El servidor TCP del documento, corregido/);
    assert.match(first.stdout, /He creado \.\/servidor-tcp\.py/);
    const file = join(cwd, 'servidor-tcp.py');
    assert.equal(readFileSync(file, 'utf8'), servidorTcp.starter);

    writeFileSync(file, '# mi trabajo\n');
    const again = await runCli(['exercise', '1'], { cwd, env });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /ya existe \.\/servidor-tcp\.py: no lo toco/);
    assert.equal(readFileSync(file, 'utf8'), '# mi trabajo\n');

    const forced = await runCli(['ejercicio', 'servidor-tcp', '--forzar'], { cwd, env });
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(file, 'utf8'), servidorTcp.starter);
  });

  it('«pista» da una pista cada vez, recuerda la última y con --todas las numera', async () => {
    const { cwd, env } = learner();
    const total = servidorTcp.hints.length;
    for (const n of [1, 2]) {
      const result = await runCli([n === 1 ? 'pista' : 'hint', 'servidor-tcp'], { cwd, env });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`Pista ${n} de ${total}`));
      assert.doesNotMatch(result.stdout, new RegExp(`Pista ${n + 1} de`));
    }
    const all = await runCli(['pista', 'servidor-tcp', '--todas'], { cwd, env });
    for (let n = 1; n <= total; n++) assert.match(all.stdout, new RegExp(`Pista ${n} de ${total}`));
  });

  it('«pista» da primero la pista de la prueba que falló en la última verificación', async () => {
    const { cwd, env } = learner();
    copyFileSync(join(servidorTcp.dir, 'errores', 'str-en-vez-de-bytes.py'), join(cwd, 'servidor-tcp.py'));
    const verified = await runCli(['verificar', 'servidor-tcp', '--puerto', 'libre', '--json'], { cwd, env });
    assert.equal(verified.code, 1, verified.stderr);
    const report = JSON.parse(verified.stdout) as { tests: { name: string; status: string }[] };
    const failed = report.tests.find((entry) => entry.status === 'fail')?.name ?? '';
    const test = servidorTcp.tester.tests().find((candidate) => candidate.name === failed);
    assert.ok(test?.hint, `la prueba que falló («${failed}») tiene su pista`);
    const hint = await runCli(['pista', 'servidor-tcp'], { cwd, env });
    assert.equal(hint.code, 0, hint.stderr);
    const forTest = hint.stdout.indexOf(`Para la prueba que falló la última vez («${test.name}»)`);
    assert.ok(forTest >= 0, hint.stdout);
    assert.ok(forTest < hint.stdout.indexOf('Pista 1 de'), 'antes que las pistas generales');
    assert.match(hint.stdout, /sendall/);
  });

  it('«solucion» sin haberlo superado y sin terminal se niega (código 2), salvo con --si', async () => {
    const { cwd, env } = learner();
    const refused = await runCli(['solucion', 'servidor-tcp'], { cwd, env });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /Aún no has superado «servidor-tcp»/);
    assert.match(refused.stderr, /--si/);
    assert.doesNotMatch(refused.stderr, /\n\s+at /);
    assert.equal(refused.stdout, '');
    const shown = await runCli(['solution', 'servidor-tcp', '--yes'], { cwd, env });
    assert.equal(shown.code, 0, shown.stderr);
    assert.ok(shown.stdout.includes(readFileSync(servidorTcp.solutionFile, 'utf8').trim()));
  });

  it('un id que no existe da código 2 y propone los más parecidos', async () => {
    const { cwd, env } = learner();
    for (const command of ['verificar']) {
      const result = await runCli([command, 'servidor-tpc'], { cwd, env });
      assert.equal(result.code, 2, `${command}: ${result.stderr}`);
      assert.match(result.stderr, /No hay ningún ejercicio «servidor-tpc»\. ¿Quisiste decir «servidor-tcp»/);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    }
  });
  it('sin archivo: código 2 y cómo crearlo', async () => {
    const { cwd, env } = learner();
    const missing = await runCli(['verificar', 'servidor-tcp'], { cwd, env });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No encuentro \.\/servidor-tcp\.py\. Créalo con «(taller-sockets|\S+ \S+main\.js) ejercicio servidor-tcp»/);
    assert.equal(missing.stdout, '');
  });

  it('una carpeta o un archivo que no es UTF-8 son errores de uso (código 2), antes de ejecutar nada', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-archivo-'));
    mkdirSync(join(dir, 'carpeta'));
    writeFileSync(join(dir, 'latin1.py'), Buffer.from('print("se\xf1al")\n', 'latin1'));
    writeFileSync(join(dir, 'bien.py'), 'print("señal")\n');
    const usage = (file: string, pattern: RegExp): void =>
      assert.throws(() => checkProgramFile(servidorTcp, join(dir, file)), (error: unknown) => error instanceof UserError && error.exitCode === 2 && pattern.test(error.message));
    usage('carpeta', /es una carpeta/);
    usage('latin1.py', /no está guardado en UTF-8/);
    usage('no-existe.py', /No encuentro/);
    assert.doesNotThrow(() => checkProgramFile(servidorTcp, join(dir, 'bien.py')));
  });

  it('el archivo de partida falla (código 1) explicando el error; la solución pasa (código 0) y queda en el progreso', async () => {
    const { cwd, env } = learner();
    const marker = leakMarker();
    const markedEnv = { ...env, TALLER_SOCKETS_LEAK_MARKER: marker.value };
    writeFileSync(join(cwd, 'servidor-tcp.py'), servidorTcp.starter);
    // runCli sets TALLER_SOCKETS_PUERTOS_LIBRES=1 (test files run in parallel): a free port, not 65432.
    const failing = await runCli(['verificar', 'servidor-tcp'], { cwd, env: markedEnv });
    assert.equal(failing.code, 1, failing.stderr);
    assert.match(failing.stdout, /\(HOST=127\.0\.0\.1 PUERTO=\d+\)/);
    assert.doesNotMatch(failing.stdout, /PUERTO=65432\)/);
    assert.match(failing.stdout, /Verificando «servidor-tcp» con \.\/servidor-tcp\.py/);
    assert.match(failing.stdout, /✔ acepta la conexión/);
    assert.match(failing.stdout, /✘ responde «Hola desde el servidor»/);
    // Long lines wrap at the terminal's width: compare with spaces folded.
    assert.match(failing.stdout.replace(/\s+/g, ' '), /Error en la línea \d+ de servidor-tcp\.py: TypeError: a bytes-like object is required, not 'str'/);
    assert.match(failing.stdout, /Los sockets envían bytes/);
    assert.match(failing.stdout, /1 de 6 pruebas superadas/);
    assert.doesNotMatch(failing.stdout + failing.stderr, /node:internal|\.ts:\d+/);

    copyFileSync(servidorTcp.solutionFile, join(cwd, 'servidor-tcp.py'));
    const passing = await runCli(['verify', 'servidor-tcp', '--puertos-libres'], { cwd, env: markedEnv });
    assert.equal(passing.code, 0, passing.stdout + passing.stderr);
    assert.match(passing.stdout, /¡Ejercicio superado!/);
    assert.deepEqual(await survivingProcesses(marker.value), []);

    const listed = await runCli(['ejercicios', '--json'], { cwd, env });
    assert.equal(listed.code, 0, listed.stderr);
    const list = JSON.parse(listed.stdout) as { id: string; status: string; passed: boolean; attempts: number; passedAt?: string; port: number }[];
    // The document's six are there with their ports (the course orders them among the others).
    const ports = new Map(list.map((row) => [row.id, row.port]));
    const documentPorts = { 'servidor-tcp': 65432, 'cliente-tcp': 65432, 'cliente-udp': 9999, 'servidor-udp': 9999, 'eco-tcp': 65432, 'eco-concurrente': 65432 };
    for (const [id, port] of Object.entries(documentPorts)) assert.equal(ports.get(id), port, id);
    assert.ok(list.slice(1).every((row) => row.status === 'pendiente' && !row.passed && row.attempts === 0));
    const entry = list.find((row) => row.id === 'servidor-tcp')!;
    assert.equal(entry.status, 'hecha');
    assert.equal(entry.passed, true);
    assert.equal(entry.attempts, 2);
    assert.ok(entry.passedAt);
    // Once passed, the solution is shown without asking.
    const solution = await runCli(['solucion', 'servidor-tcp'], { cwd, env });
    assert.equal(solution.code, 0, solution.stderr);
  });

  it('--json da la forma de exercism (versión 3)', async () => {
    const { cwd, env } = learner();
    const result = await runCli(['verificar', 'eco-tcp', exercises.get('eco-tcp')!.dir + '/errores/sin-bucle-accept.py', '--json', '--puertos-libres'], { cwd, env });
    assert.equal(result.code, 1, result.stderr);
    const json = JSON.parse(result.stdout) as { version: number; status: string; message: string; tests: { name: string; status: string; message: string | null; output: string | null }[] };
    assert.equal(json.version, 3);
    assert.equal(json.status, 'fail');
    assert.equal(typeof json.message, 'string');
    // exercism v3's fields, plus each test's points (extra fields are allowed; issue 19).
    for (const key of ['message', 'name', 'output', 'points', 'status']) assert.ok(key in json.tests[0]!, key);
    assert.ok(json.tests.every((test) => ['pass', 'fail', 'error'].includes(test.status)));
    const failed = json.tests.find((test) => test.status === 'fail')!;
    assert.match(failed.message ?? '', /^Paso: /);
    assert.match(failed.message ?? '', /atendió a un cliente y terminó/);
  });

  it('--vigilar vuelve a verificar al guardar (acotado con --vigilar-veces)', async () => {
    const { cwd, env } = learner();
    const file = join(cwd, 'servidor-tcp.py');
    writeFileSync(file, servidorTcp.starter);
    const child = spawn(process.execPath, [BUILT_CLI, 'verificar', 'servidor-tcp', '--vigilar', '--vigilar-veces', '2', '--puertos-libres'], {
      cwd,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let saved = false;
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      // Once the first verification has finished (the watch screen names the file before it starts).
      if (!saved && stdout.includes('pruebas superadas')) {
        saved = true;
        writeFileSync(file, readFileSync(servidorTcp.solutionFile, 'utf8'));
      }
    });
    const code = await done;
    clearTimeout(timer);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /1 de 6 pruebas superadas/);
    assert.match(stdout, /¡Ejercicio superado!/);
    assert.ok(stdout.indexOf('1 de 6 pruebas superadas') < stdout.indexOf('¡Ejercicio superado!'));
  });
});
