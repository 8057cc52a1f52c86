import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseLesson } from '../../src/lessons/parse-lesson.js';
import { runLessonAuto } from '../../src/engine/run-lesson.js';
import type { Lesson } from '../../src/lessons/model.js';
import type { StepResult } from '../../src/engine/step-result.js';
import { findFreePort } from '../../src/net/free-port.js';
import { leakMarker, survivingProcesses, openTcpEntries } from '../helpers/leaks.js';

const marker = leakMarker();
const usedPorts: number[] = [];
after(async () => {
  assert.deepEqual(await survivingProcesses(marker.value), [], 'no kernel survives');
  assert.deepEqual(await openTcpEntries(usedPorts), [], 'no port stays bound');
});

function lessonOf(body: string): Lesson {
  const actors = [...new Set([...body.matchAll(/```python (\w+)/g)].map((match) => match[1]))];
  const text = `---\nid: prueba\ntitulo: Prueba\nsecciones: [Prueba]\nactores: [${actors.join(', ')}]\npuertos: []\n---\n${body}`;
  const { lesson, problems } = parseLesson(text, 'prueba.md');
  assert.deepEqual(problems, []);
  return lesson!;
}

async function run(body: string): Promise<StepResult[]> {
  const result = await runLessonAuto(lessonOf(body), { env: marker.env, stuckAfterMs: 3000, readTcpStates: true });
  return result.steps;
}

function statuses(step: StepResult): string[] {
  return step.checks.map((check) => check.status);
}

/** A server/client exchange on a fresh port, with the given checks after each step. */
async function exchange(port: number, checks: { listen: string; accept: string; connect: string; close: string }): Promise<StepResult[]> {
  usedPorts.push(port);
  return run(`
## escucha
\`\`\`python servidor
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', ${port}))
s.listen()
print('Servidor esperando...')
s.getsockname()
\`\`\`
\`\`\`comprobar
${checks.listen}
\`\`\`

## acepta
\`\`\`python servidor
conn, addr = s.accept()
data = conn.recv(1024)
\`\`\`
\`\`\`comprobar
${checks.accept}
\`\`\`

## conecta
\`\`\`python cliente
import socket
c = socket.socket()
c.connect(('127.0.0.1', ${port}))
c.sendall(b'hola')
c.sendall('hola')
\`\`\`
\`\`\`comprobar
${checks.connect}
\`\`\`

## cierra
\`\`\`python cliente
c.close()
\`\`\`
\`\`\`comprobar
${checks.close}
\`\`\`
`);
}

test('each check kind passes when the real state is as declared', async () => {
  const port = await findFreePort();
  const steps = await exchange(port, {
    listen: `- salida: Servidor esperando...
- valor: "${port}"
- socket: s
  familia: AF_INET
  tipo: SOCK_STREAM
  local: 127.0.0.1:${port}
  remoto: ninguna
  escuchando: true
  cerrado: false
- estado_tcp: LISTEN
  local: ${port}
- sonda: tcp
  puerto: ${port + 0}
  host: "::1"
  espera: rechaza`,
    accept: `- bloquea
- socket: conn
  remoto: 127.0.0.1:*
  local: 127.0.0.1:${port}
  escuchando: false`,
    connect: `- error: TypeError
  mensaje: bytes-like
- socket: c
  remoto: 127.0.0.1:${port}
- estado_tcp: ESTABLISHED
  remoto: ${port}`,
    close: `- socket: c
  cerrado: true
- estado_tcp: CLOSE_WAIT
  local: ${port}`,
  });
  for (const step of steps) {
    assert.ok(step.checks.every((check) => check.status === 'pass'), `${step.step.title}: ${JSON.stringify(step.checks)}`);
    assert.equal(step.status, 'pass');
  }
  assert.equal(steps[1]!.blocked, true, 'accept() was seen blocked');
});

test('each check kind fails, with a message saying what was seen, when the state differs', async () => {
  const port = await findFreePort();
  const steps = await exchange(port, {
    listen: `- salida: otra cosa
- valor: "no-es-esto"
- socket: s
  familia: AF_INET6
  tipo: SOCK_DGRAM
  local: 127.0.0.1:1
  escuchando: false
- socket: inexistente
- estado_tcp: ESTABLISHED
  local: ${port}`,
    accept: `- socket: conn
  remoto: ninguna`,
    connect: `- error: ValueError
- estado_tcp: ninguno
  remoto: ${port}`,
    close: `- bloquea
- socket: c
  cerrado: false`,
  });
  const [listen, accept, connect, close] = steps;
  assert.deepEqual(statuses(listen!), ['pass', 'fail', 'fail', 'fail', 'fail', 'fail']);
  const messages = listen!.checks.map((check) => check.message).join('\n');
  assert.match(messages, /la salida fue «Servidor esperando...»/);
  assert.match(messages, /familia AF_INET, se esperaba AF_INET6/);
  assert.match(messages, /tipo SOCK_STREAM, se esperaba SOCK_DGRAM/);
  assert.match(messages, /está escuchando/);
  assert.match(messages, /no hay ningún socket llamado inexistente/);
  assert.match(messages, /el sistema muestra LISTEN/);
  assert.equal(listen!.status, 'fail');
  assert.deepEqual(statuses(accept!), ['pass', 'fail']);
  assert.deepEqual(statuses(connect!), ['fail', 'fail']);
  assert.match(connect!.checks[0]!.message, /se esperaba ValueError, pero lanzó TypeError/);
  assert.deepEqual(statuses(close!), ['pass', 'fail', 'fail']);
  assert.match(close!.checks[1]!.message, /no llegó a bloquearse/);
});

test('an unexpected exception fails the implicit check with the Spanish explanation; TCP probes fail both ways', async () => {
  const port = await findFreePort();
  usedPorts.push(port);
  const steps = await run(`
## conecta a nadie
\`\`\`python cliente
import socket
socket.create_connection(('127.0.0.1', ${port}))
\`\`\`
\`\`\`comprobar
- sin_error
- sonda: tcp
  puerto: ${port}
  espera: conecta
\`\`\`

## ahora sí escucha
\`\`\`python servidor
import socket
s = socket.socket()
s.bind(('127.0.0.1', ${port}))
s.listen()
\`\`\`
\`\`\`comprobar
- sonda: tcp
  puerto: ${port}
  espera: rechaza
\`\`\`
`);
  assert.equal(steps[0]!.status, 'fail');
  assert.match(steps[0]!.checks[0]!.message, /ConnectionRefusedError.*Nadie está escuchando/);
  assert.match(steps[0]!.checks[1]!.message, /rechazada/);
  assert.equal(steps[1]!.checks[1]!.status, 'fail');
  assert.match(steps[1]!.checks[1]!.message, /se estableció/);
});

test('UDP probes: a datagram arrives where a socket is bound, and is refused where none is', async () => {
  const port = await findFreePort();
  const steps = await run(`
## enlaza
\`\`\`python servidor
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(('127.0.0.1', ${port}))
\`\`\`
\`\`\`comprobar
- sonda: udp
  puerto: ${port}
  espera: llega
  mensaje: hola udp
- sonda: udp
  puerto: ${port}
  espera: rechaza
\`\`\`

## lee lo que llegó
\`\`\`python servidor
u.settimeout(2)
data, origen = u.recvfrom(1024)
u.close()
data
\`\`\`
\`\`\`comprobar
- valor: hola udp
\`\`\`

## ya nadie escucha
\`\`\`python cliente
pass
\`\`\`
\`\`\`comprobar
- sonda: udp
  puerto: ${port}
  espera: rechaza
\`\`\`
`);
  assert.deepEqual(statuses(steps[0]!), ['pass', 'pass', 'fail']);
  assert.equal(steps[1]!.status, 'pass', JSON.stringify(steps[1]!.checks));
  assert.equal(steps[2]!.status, 'pass', JSON.stringify(steps[2]!.checks));
});

test('a step blocked with nobody to unblock it fails after the limit, and is interrupted', async () => {
  const port = await findFreePort();
  usedPorts.push(port);
  const steps = await run(`
## espera para siempre
\`\`\`python servidor
import socket
s = socket.socket()
s.bind(('127.0.0.1', ${port}))
s.listen()
s.accept()
\`\`\`
`);
  assert.equal(steps[0]!.status, 'fail');
  assert.ok(steps[0]!.checks.some((check) => /seguía bloqueado/.test(check.message)));
});

test('estado_tcp can name a socket (even after Python closed it) and accept several states', async () => {
  const port = await findFreePort();
  usedPorts.push(port);
  const steps = await run(`
## escucha y acepta
\`\`\`python servidor
import socket
s = socket.socket()
s.bind(('127.0.0.1', ${port}))
s.listen()
\`\`\`

## conecta
\`\`\`python cliente
import socket
c = socket.create_connection(('127.0.0.1', ${port}))
\`\`\`
\`\`\`comprobar
- estado_tcp: ESTABLISHED
  socket: c
\`\`\`

## acepta
\`\`\`python servidor
conn, addr = s.accept()
\`\`\`

## cierra primero
\`\`\`python servidor
conn.close()
\`\`\`
\`\`\`comprobar
- estado_tcp: [FIN_WAIT1, FIN_WAIT2]
  socket: conn
- estado_tcp: CLOSE_WAIT
  socket: c
  actor: cliente
- estado_tcp: LISTEN
  socket: conn
\`\`\`

## el cliente cierra
\`\`\`python cliente
c.close()
\`\`\`
\`\`\`comprobar
- estado_tcp: TIME_WAIT
  socket: conn
  actor: servidor
\`\`\`
`);
  assert.deepEqual(steps.map((step) => step.checks.map((check) => check.status)), [
    ['pass'], ['pass', 'pass'], ['pass'], ['pass', 'pass', 'pass', 'fail'], ['pass', 'pass'],
  ], JSON.stringify(steps.map((step) => step.checks), null, 1));
  assert.match(steps[3]!.checks[3]!.message, /el sistema muestra FIN_WAIT/);
});
