import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { parseLesson } from '../../src/lessons/parse-lesson.js';
import { runLessonAuto } from '../../src/engine/run-lesson.js';
import { LessonSession } from '../../src/engine/lesson-session.js';
import type { EngineEvent } from '../../src/engine/step-result.js';
import type { Lesson } from '../../src/lessons/model.js';
import { leakMarker, survivingProcesses, openTcpEntries } from '../helpers/leaks.js';
import { withFixedPort } from '../helpers/fixed-port-lock.js';

const marker = leakMarker();
after(async () => assert.deepEqual(await survivingProcesses(marker.value), [], 'no kernel survives'));

function lessonOf(body: string, actors = '[servidor]'): Lesson {
  const { lesson, problems } = parseLesson(`---\nid: prueba\ntitulo: Prueba\nsecciones: [Prueba]\nactores: ${actors}\n---\n${body}`, 'prueba.md');
  assert.deepEqual(problems, []);
  return lesson!;
}

const SERVER_ON_DOCUMENT_PORT = lessonOf(`
## El servidor usa el puerto del documento (65432)

\`\`\`python servidor
import socket
s = socket.socket()
s.bind(('127.0.0.1', 65432))
s.listen()
print('escuchando en', s.getsockname()[1])
\`\`\`

\`\`\`comprobar
- salida: escuchando en 65432
- socket: s
  local: 127.0.0.1:65432
- estado_tcp: LISTEN
  local: 65432
\`\`\`
`);

test('a busy document port is replaced by a free one, in code, text and checks', async () => {
  await withFixedPort(65432, async () => {
    const squatter = createServer();
    await new Promise<void>((resolve, reject) => {
      squatter.once('error', reject);
      squatter.listen(65432, '127.0.0.1', resolve);
    });
    try {
      const events: EngineEvent[] = [];
      const result = await runLessonAuto(SERVER_ON_DOCUMENT_PORT, { env: marker.env, onEvent: (event) => events.push(event) });
      const substitution = events.find((event) => event.type === 'port-substituted');
      assert.ok(substitution && substitution.type === 'port-substituted');
      const replacement = substitution.substitution.replacement;
      assert.notEqual(replacement, 65432);
      assert.equal(result.status, 'pass', JSON.stringify(result.steps[0]!.checks));
      assert.match(result.steps[0]!.stdout, new RegExp(`escuchando en ${replacement}`));
      assert.match(result.lesson.steps[0]!.code, new RegExp(`'127.0.0.1', ${replacement}`));
      assert.match(result.lesson.steps[0]!.title, new RegExp(`\\(${replacement}\\)`) , 'visible text too');
      assert.deepEqual(await openTcpEntries([replacement]), [], 'the replacement port is released');
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});

test('a free document port is used as it is', async () => {
  await withFixedPort(65432, async () => {
    const result = await runLessonAuto(SERVER_ON_DOCUMENT_PORT, { env: marker.env });
    assert.deepEqual(result.substitutions, []);
    assert.equal(result.status, 'pass', JSON.stringify(result.steps[0]!.checks));
    assert.deepEqual(await openTcpEntries([65432]), [], 'nothing stays bound on 65432');
  });
});

test('a kernel that dies mid-lesson is reported and restarted with a clean state', async () => {
  const lesson = lessonOf(`
## Guardar algo
\`\`\`python servidor
x = 41
\`\`\`

## Morir
\`\`\`python servidor
import os, signal
os.kill(os.getpid(), signal.SIGKILL)
\`\`\`

## Seguir
\`\`\`python servidor
'x' in globals()
\`\`\`
\`\`\`comprobar
- valor: "False"
\`\`\`
`);
  const events: EngineEvent[] = [];
  const session = await LessonSession.open(lesson, { env: marker.env }, (event) => events.push(event));
  try {
    const results = [];
    for (const step of session.lesson.steps) {
      const run = await session.runStep(step);
      results.push(await run.completion);
      if (step.number === 2) {
        const deadline = Date.now() + 10_000;
        while (!events.some((event) => event.type === 'kernel-restarted') && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    }
    assert.equal(results[1]!.status, 'error');
    assert.match(results[1]!.problem!, /terminó de forma inesperada \(señal SIGKILL\)/);
    assert.ok(events.some((event) => event.type === 'kernel-died'));
    assert.ok(events.some((event) => event.type === 'kernel-restarted'));
    assert.equal(results[2]!.status, 'pass', JSON.stringify(results[2]!.checks));
  } finally {
    await session.close();
  }
});

test('closing a session with a blocked step interrupts it and leaves no process or port', async () => {
  const lesson = lessonOf(`
## Bloquearse en accept
\`\`\`python servidor
import socket
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.listen()
PORT = s.getsockname()[1]
conn, addr = s.accept()
\`\`\`
`);
  const session = await LessonSession.open(lesson, { env: marker.env });
  const run = await session.runStep(session.lesson.steps[0]!);
  assert.equal(run.blocked, true);
  const pid = session.kernel('servidor').pid!;
  await session.close();
  const result = await run.completion;
  assert.equal(result.reply?.interrupted, true);
  assert.deepEqual(await survivingProcesses(marker.value), []);
  assert.throws(() => process.kill(pid, 0), 'the kernel process is gone');
});

test('where signals cannot interrupt (Windows), an interrupt restarts the actor and replays its earlier steps', async () => {
  const lesson = lessonOf(`
## Preparar
\`\`\`python servidor
import socket
contador = 41
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.listen()
\`\`\`

## Bloquearse
\`\`\`python servidor
conn, addr = s.accept()
\`\`\`

## Seguir
\`\`\`python servidor
contador + 1, s.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
\`\`\`
\`\`\`comprobar
- valor: "(42, 1)"
\`\`\`
`);
  const events: EngineEvent[] = [];
  const session = await LessonSession.open(lesson, { env: marker.env, interruptByRestart: true }, (event) => events.push(event));
  try {
    const [prepare, block, next] = session.lesson.steps;
    assert.equal((await (await session.runStep(prepare!)).completion).status, 'pass');
    const blocked = await session.runStep(block!);
    assert.equal(blocked.blocked, true);
    const oldPid = session.kernel('servidor').pid;
    assert.ok(session.interrupt('servidor'));
    const interrupted = await blocked.completion;
    assert.equal(interrupted.status, 'fail');
    assert.match(interrupted.checks[0]!.message, /reinicia el Python del actor/);
    const deadline = Date.now() + 10_000;
    while (!events.some((event) => event.type === 'kernel-restarted') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const restarted = events.find((event) => event.type === 'kernel-restarted');
    assert.ok(restarted && restarted.type === 'kernel-restarted' && restarted.replayed === 1);
    assert.notEqual(session.kernel('servidor').pid, oldPid);
    assert.ok(!events.some((event) => event.type === 'kernel-died'), 'a restart on purpose is not reported as a crash');
    const after = await (await session.runStep(next!)).completion;
    assert.equal(after.status, 'pass', JSON.stringify(after.checks));
  } finally {
    await session.close();
  }
});
