import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { runCli, ROOT, BUILT_CLI, tempHome } from '../helpers/cli.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';
import { withFixedPort } from '../helpers/fixed-port-lock.js';
import { pythonListener } from '../helpers/python-listener.js';

const FIXTURES = join(ROOT, 'test', 'fixtures');
const marker = leakMarker();
after(async () => assert.deepEqual(await survivingProcesses(marker.value), [], 'no process survives the CLI'));

test('lecciones --json lists id, title, sections, steps and status', async () => {
  const { code, stdout } = await runCli(['lecciones', '--json', '--lecciones', join(FIXTURES, 'lessons')], { env: marker.env });
  assert.equal(code, 0);
  const lessons = JSON.parse(stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(lessons[0], {
    id: 'par-tcp', title: 'Un servidor y un cliente', sections: ['Aceptar una solicitud de conexión'], steps: 3, status: 'pendiente', extra: false,
  });
});

test('leccion --auto --json runs every step live and reports each check', async () => {
  const home = tempHome();
  const { code, stdout } = await runCli(['leccion', 'par-tcp', '--auto', '--json', '--lecciones', join(FIXTURES, 'lessons')], { env: { ...marker.env, TALLER_SOCKETS_HOME: home } });
  assert.equal(code, 0, stdout);
  const result = JSON.parse(stdout) as { lesson: string; status: string; steps: Array<{ title: string; actor: string; status: string; checks: Array<{ name: string; status: string }> }> };
  assert.equal(result.lesson, 'par-tcp');
  assert.equal(result.status, 'pass');
  assert.deepEqual(result.steps.map((step) => [step.actor, step.status]), [['servidor', 'pass'], ['servidor', 'pass'], ['cliente', 'pass']]);
  assert.ok(result.steps.every((step) => step.checks.length > 0 && step.checks.every((check) => check.status !== 'fail')));
  const listed = await runCli(['lecciones', '--json', '--lecciones', join(FIXTURES, 'lessons')], { env: { ...marker.env, TALLER_SOCKETS_HOME: home } });
  assert.equal((JSON.parse(listed.stdout) as Array<{ status: string }>)[0]!.status, 'hecha', 'a passed --auto run is recorded');
});

test('without a TTY, leccion never waits for a key: it prints the transcript and exits', async () => {
  const { code, stdout } = await runCli(['leccion', '1', '--lecciones', join(FIXTURES, 'lessons')], { env: marker.env });
  assert.equal(code, 0, stdout);
  assert.match(stdout, /Paso 1 de 3 · Crear y escuchar/);
  assert.match(stdout, /servidor bloqueado/);
  assert.match(stdout, /✔ Pasos superados: 3 de 3/);
});

test('an unknown lesson id gets a Spanish error with the closest ids, exit 2', async () => {
  const { code, stderr, stdout } = await runCli(['leccion', 'par-tpc', '--lecciones', join(FIXTURES, 'lessons')], { env: marker.env });
  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.match(stderr, /No hay ninguna lección «par-tpc»\. ¿Quisiste decir «par-tcp»\?/);
  assert.doesNotMatch(stderr, /at .*\.ts:\d+/, 'no stack trace');
});

test('a malformed lesson file is reported with file, line and field, exit 2', async () => {
  const { code, stderr } = await runCli(['lecciones', '--lecciones', join(FIXTURES, 'lessons-bad')], { env: marker.env });
  assert.equal(code, 2);
  assert.match(stderr, /lessons-bad\/01-mal\/leccion\.md:17: campo «familia»: «AF_INET4» no es válido \(¿quisiste decir «AF_INET»\?\)/);
});

test('unknown commands and bad flag values get Spanish usage errors, exit 2', async () => {
  const unknown = await runCli(['lecionnes'], { env: marker.env });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Comando desconocido: «lecionnes»\. ¿Quisiste decir «lecciones»/);
  const badFrom = await runCli(['leccion', 'par-tcp', '--desde', '0', '--lecciones', join(FIXTURES, 'lessons')], { env: marker.env });
  assert.equal(badFrom.code, 2);
  assert.match(badFrom.stderr, /--desde debe ser un número de paso/);
  const tooFar = await runCli(['leccion', 'par-tcp', '--desde', '9', '--lecciones', join(FIXTURES, 'lessons')], { env: marker.env });
  assert.equal(tooFar.code, 2);
  assert.match(tooFar.stderr, /solo tiene 3 pasos/);
});

test('--desde N replays the earlier steps to rebuild the state, then runs from N', async () => {
  const { code, stdout } = await runCli(['leccion', 'par-tcp', '--auto', '--desde', '3', '--lecciones', join(FIXTURES, 'lessons')], { env: marker.env });
  assert.equal(code, 0, stdout);
  assert.match(stdout, /Reconstruyendo el estado: ejecuto los pasos 1 a 2/);
  assert.match(stdout, /Paso 3 de 3/);
  assert.doesNotMatch(stdout, /Paso 1 de 3/);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} to the CLI while a step is blocked leaves no Python process behind`, async () => {
    const own = leakMarker();
    const child = spawn(process.execPath, [BUILT_CLI, 'leccion', 'atasco', '--auto', '--lecciones', join(FIXTURES, 'lessons-stuck')], {
      env: { ...own.env, TALLER_SOCKETS_HOME: tempHome(), CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`never blocked:\n${stdout}`)), 30_000);
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        stdout += text;
        if (stdout.includes('bloqueado')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill(signal);
    const code = await exited;
    assert.equal(code, signal === 'SIGINT' ? 130 : 143);
    assert.deepEqual(await survivingProcesses(own.value), [], 'the kernel died with the CLI');
  });
}

test('output piped into a reader that stops early (| head) ends quietly, leaving no process', async () => {
  const own = leakMarker();
  const child = spawn(process.execPath, [BUILT_CLI, 'leccion', 'par-tcp', '--auto', '--lecciones', join(FIXTURES, 'lessons')], {
    env: { ...own.env, TALLER_SOCKETS_HOME: tempHome(), TALLER_SOCKETS_PUERTOS_LIBRES: '1', CI: 'true', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await exited;
  assert.doesNotMatch(stderr, /EPIPE|\n\s+at /, stderr);
  assert.ok(code === 0 || code === 1, `exit ${code}`);
  assert.deepEqual(await survivingProcesses(own.value), []);
});

test('with the document port held by another Python, the transcript says so first and shows and runs the code on the port used instead', async () => {
  await withFixedPort(65432, async () => {
    const squatter = await pythonListener(65432);
    try {
      const { code, stdout } = await runCli(['leccion', 'par-tcp', '--lecciones', join(FIXTURES, 'lessons')], {
        env: { ...marker.env, TALLER_SOCKETS_PUERTOS_LIBRES: '' },
      });
      assert.equal(code, 0, stdout);
      const replacement = /El puerto 65432\/TCP del documento está ocupado[\s\S]*?usamos el (\d+)/.exec(stdout)?.[1];
      assert.ok(replacement && replacement !== '65432', stdout);
      const note = stdout.indexOf('El puerto 65432/TCP');
      const firstCode = stdout.indexOf(`s.bind(('127.0.0.1', ${replacement}))`);
      assert.ok(note >= 0 && firstCode > note, 'the note comes before the code, which has the port used');
      assert.doesNotMatch(stdout, /'127\.0\.0\.1', 65432\)/, 'no code shows the busy port');
      assert.match(stdout, /✔ Pasos superados: 3 de 3/);
    } finally {
      await squatter.stop();
    }
  });
});
