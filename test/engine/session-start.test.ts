import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseLesson } from '../../src/lessons/parse-lesson.js';
import { LessonSession } from '../../src/engine/lesson-session.js';
import { KernelStartError } from '../../src/kernel/kernel-client.js';
import type { Lesson } from '../../src/lessons/model.js';
import { leakMarker, processesWithMarker, survivingProcesses } from '../helpers/leaks.js';
import { withFixedPort } from '../helpers/fixed-port-lock.js';
import { pythonListener } from '../helpers/python-listener.js';

// A session is prepared (ports planned, texts final) before any Python starts, so that the screen
// can show the lesson at once; the first step starts the kernels and waits for them.
const marker = leakMarker();
after(async () => assert.deepEqual(await survivingProcesses(marker.value), [], 'no kernel survives'));

function lessonOf(body: string): Lesson {
  const { lesson, problems } = parseLesson(`---\nid: prueba\ntitulo: Prueba\nsecciones: [Prueba]\nactores: [servidor]\n---\n${body}`, 'prueba.md');
  assert.deepEqual(problems, []);
  return lesson!;
}

const ON_DOCUMENT_PORT = lessonOf(`
## Escuchar en el puerto del documento (65432)

\`\`\`python servidor
import socket
s = socket.socket()
s.bind(('127.0.0.1', 65432))
s.listen()
print('escuchando en', s.getsockname()[1])
\`\`\`

\`\`\`comprobar
- salida: escuchando en 65432
- estado_tcp: LISTEN
  local: 65432
\`\`\`
`);

test('with the document port held by another Python, prepare() gives the code that will run before any kernel starts; the first step starts them and runs it', async () => {
  await withFixedPort(65432, async () => {
    const squatter = await pythonListener(65432);
    const session = await LessonSession.prepare(ON_DOCUMENT_PORT, { env: marker.env });
    try {
      assert.equal(session.kernels.size, 0, 'no kernel is started by prepare()');
      assert.deepEqual(processesWithMarker(marker.value), [], 'no Python of the lesson runs yet');
      const [substitution] = session.substitutions;
      assert.ok(substitution && substitution.port === 65432 && substitution.reason === 'ocupado');
      assert.match(session.lesson.steps[0]!.code, new RegExp(`'127\\.0\\.0\\.1', ${substitution.replacement}\\)`));
      const run = await session.runStep(session.lesson.steps[0]!);
      const result = await run.completion;
      assert.equal(result.status, 'pass', JSON.stringify(result.checks));
      assert.match(result.stdout, new RegExp(`escuchando en ${substitution.replacement}`));
      assert.equal(session.kernels.size, 1);
    } finally {
      await session.close();
      await squatter.stop();
    }
  });
});

test('a session closed before its kernels started leaves nothing, and its ports are free for the next one', async () => {
  await withFixedPort(65432, async () => {
    const first = await LessonSession.prepare(ON_DOCUMENT_PORT, { env: marker.env });
    assert.deepEqual(first.substitutions, []);
    await first.close();
    await assert.rejects(first.startKernels(), /la lección ya terminó/, 'a closed session starts no kernel');
    const second = await LessonSession.prepare(ON_DOCUMENT_PORT, { env: marker.env });
    try {
      assert.deepEqual(second.substitutions, [], 'the reservation of 65432 was released');
    } finally {
      await second.close();
    }
    assert.deepEqual(processesWithMarker(marker.value), []);
  });
});

test('a Python that ends before it is ready: the first step fails with a Spanish message naming the actor and what it printed', { skip: process.platform === 'win32' ? 'the stand-in interpreter is a sh script' : false }, async () => {
  const broken = (): ((command: string, args: string[]) => { command: string; args: string[] }) =>
    () => ({ command: '/bin/sh', args: ['-c', 'echo "ModuleNotFoundError: No module named encodings" >&2; exit 3'] });
  const session = await LessonSession.prepare(ON_DOCUMENT_PORT, { env: marker.env, alwaysSubstitutePorts: true, launchWrapper: broken });
  try {
    await assert.rejects(session.runStep(session.lesson.steps[0]!), (error: unknown) => {
      assert.ok(error instanceof KernelStartError, String(error));
      assert.match(error.message, /No se pudo iniciar el Python de «servidor» para la lección \(código 3\)/);
      assert.match(error.message, /ModuleNotFoundError: No module named encodings/);
      assert.match(error.message, /taller-sockets doctor/);
      return true;
    });
  } finally {
    await session.close();
  }
  assert.deepEqual(processesWithMarker(marker.value), []);
});
