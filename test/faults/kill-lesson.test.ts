import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { withFixedPort } from '../helpers/fixed-port-lock.js';
import { leakMarker, processesWithMarker } from '../helpers/leaks.js';
import { packetsAvailability } from '../../src/net/netns/availability.js';
import { resolvePython } from '../../src/system/python.js';
import { kernelScript } from '../../src/kernel/kernel-client.js';
import { eventually, FAULT_LESSONS, leftIn, startCli, tcpEntriesOn } from './fault-helpers.js';

const linuxOnly = process.platform !== 'linux' ? 'the process table and TCP states are read from /proc (Linux)' : false;
const DOCUMENT_PORT = 65432;

/** Starts the lesson whose server blocks in accept() on 65432, kills the CLI with SIGKILL, and returns how long its processes took to end. */
async function killBlockedLesson(network: '--no-paquetes' | '--paquetes'): Promise<number> {
  const marker = leakMarker();
  const cli = startCli(['leccion', 'en-accept', '--auto', '--lecciones', FAULT_LESSONS, network], { ...marker.env, TALLER_SOCKETS_PUERTOS_LIBRES: '' });
  // Its blocked notice (the code, with the same words as its output, shows before it runs).
  await cli.waitFor('⏳'); // shown as blocked: the kernel's main thread is inside accept()
  assert.ok(processesWithMarker(marker.value).length >= 1, 'the lesson has its Python running');
  // 65432, unless something outside the workshop's lock held it (then the lesson says which port it used instead).
  const port = Number(/s\.bind\(\('127\.0\.0\.1', (\d+)\)\)/.exec(cli.output())?.[1]);
  if (network === '--no-paquetes') {
    assert.ok((await tcpEntriesOn(port)).some((entry) => entry.state === 'LISTEN' && entry.localPort === port), `the kernel listens on the host, on ${port}`);
  }
  const killedAt = performance.now();
  cli.child.kill('SIGKILL');
  await cli.exited;
  const ended = await eventually(() => processesWithMarker(marker.value).length === 0, 2000, 5);
  const elapsed = performance.now() - killedAt;
  assert.ok(ended, `still alive 2 s after kill -9: ${processesWithMarker(marker.value).join(', ')}`);
  if (network === '--no-paquetes') {
    assert.deepEqual((await tcpEntriesOn(port)).filter((entry) => entry.state === 'LISTEN' && entry.localPort === port), [], `nothing listens on ${port} any more`);
  }
  assert.deepEqual(leftIn(cli.tmp), [], 'no temporary folder left');
  return elapsed;
}

test('kill -9 de una lección bloqueada en accept() (--no-paquetes): nada queda vivo en 2 s, ni el puerto 65432', { skip: linuxOnly }, async (t) => {
  await withFixedPort(DOCUMENT_PORT, async () => {
    const elapsed = await killBlockedLesson('--no-paquetes');
    t.diagnostic(`kernel ended ${elapsed.toFixed(1)} ms after kill -9 (host network)`);
  });
});

test('kill -9 de una lección bloqueada en accept() con la red privada: el Python y el que sostiene la red terminan en 2 s', async (t) => {
  if (linuxOnly) return t.skip(linuxOnly);
  const packets = await packetsAvailability();
  if (!packets.available) return t.skip(`no private networks here: ${packets.reason}`);
  const elapsed = await killBlockedLesson('--paquetes');
  t.diagnostic(`kernel and network holder ended ${elapsed.toFixed(1)} ms after kill -9 (private network)`);
});

test('kill -9 de una lección cuyo paso tiene a Python ocupado en C (sum de un rango enorme): también termina en 2 s', { skip: linuxOnly }, async (t) => {
  const marker = leakMarker();
  const cli = startCli(['leccion', 'ocupado', '--auto', '--lecciones', FAULT_LESSONS, '--no-paquetes'], marker.env);
  await cli.waitFor('Sumando...');
  await cli.waitFor('⏳'); // shown as still running: the step is inside sum()
  const killedAt = performance.now();
  cli.child.kill('SIGKILL');
  await cli.exited;
  const ended = await eventually(() => processesWithMarker(marker.value).length === 0, 2000, 5);
  assert.ok(ended, `still alive 2 s after kill -9: ${processesWithMarker(marker.value).join(', ')}`);
  t.diagnostic(`busy kernel ended ${(performance.now() - killedAt).toFixed(1)} ms after kill -9 (the watchdog's grace is 500 ms)`);
});

test('doctor reconoce el Python de una lección anterior que quedó huérfano con el puerto 65432, y --terminar-restos lo termina', { skip: linuxOnly }, () =>
  withFixedPort(DOCUMENT_PORT, async () => {
  const marker = leakMarker();
  const python = await resolvePython();
  const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-huerfano-'));
  const fifo = join(dir, 'pedidos');
  const events = join(dir, 'eventos');
  execFileSync('mkfifo', [fifo]);
  // An older run's kernel: started without an owner's mark, and its parent (sh) gone at once: an orphan.
  const { TALLER_SOCKETS_DUENO: _owner, ...oldEnv } = marker.env;
  spawn('sh', ['-c', `"${python.executable}" -I -u "${kernelScript()}" < "${fifo}" > "${events}" 2>&1 &`], { env: oldEnv, stdio: 'ignore' });
  const requests = openSync(fifo, 'r+'); // read-write: never blocks, and the kernel never sees the pipe end
  try {
    // A program elsewhere that does not take the port lock may hold 65432 for a moment: bounded retries.
    const bind = [
      'import socket, time',
      'for attempt in range(100):',
      '    s = socket.socket()',
      '    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
      '    try:',
      `        s.bind(("127.0.0.1", ${DOCUMENT_PORT}))`,
      '        break',
      '    except OSError:',
      '        s.close()',
      '        time.sleep(0.1)',
      's.listen()',
    ].join('\n');
    writeSync(requests, `${JSON.stringify({ id: 1, op: 'exec', code: bind })}\n`);
    let port = 0;
    assert.ok(await eventually(() => {
      let written: string;
      try {
        written = readFileSync(events, 'utf8');
      } catch {
        return false; // sh has not created it yet
      }
      const done = written.split('\n').find((line) => line.includes('"ev": "done"'));
      const reply = done ? (JSON.parse(done) as { error?: { message: string }; sockets: { name: string; local: { port: number } }[] }) : undefined;
      if (reply?.error) assert.fail(`the orphan could not listen: ${reply.error.message}`);
      port = reply ? Number(reply.sockets.find((socket) => socket.name === 's')?.local.port) : 0;
      return port > 0;
    }, 20_000), 'the orphan kernel listens');
    const [orphan] = processesWithMarker(marker.value);
    assert.ok(orphan, 'the orphan is alive');

    const report = await runCli(['doctor', '--json']);
    const leftovers = (JSON.parse(report.stdout).checks as Array<{ id: string; status: string; details: { leftovers: Array<{ pid: number; ports: string[] }> } }>)
      .find((check) => check.id === 'leftovers')!;
    assert.equal(leftovers.status, 'warning');
    assert.deepEqual(leftovers.details.leftovers.find((item) => item.pid === orphan)?.ports, [`${port}/tcp`]);
    const text = await runCli(['doctor']);
    assert.match(text.stdout, new RegExp(`pid ${orphan} \\(el Python de una lección, con el puerto ${port}/tcp\\)`));
    assert.match(text.stdout, /termínalos con «taller-sockets doctor --terminar-restos»/);
    assert.match(text.stdout, new RegExp(`Puerto 65432/tcp +ocupado por pid ${orphan} \\(un resto del taller: [^)]*python3?[^)]*\\): 127\\.0\\.0\\.1:65432 LISTEN`));
    assert.match(text.stdout, /Ese proceso quedó de una ejecución anterior del taller: termínalo con «taller-sockets doctor --terminar-restos»/);

    const ended = await runCli(['doctor', '--terminar-restos']);
    assert.equal(ended.code, 0, ended.stderr);
    assert.match(ended.stdout, new RegExp(`terminado: pid ${orphan} `));
    assert.ok(await eventually(() => processesWithMarker(marker.value).length === 0, 2000), 'the orphan is gone');
    assert.deepEqual((await tcpEntriesOn(port)).filter((entry) => entry.state === 'LISTEN'), [], 'its port is free');
  } finally {
    closeSync(requests);
    for (const pid of processesWithMarker(marker.value)) process.kill(pid, 'SIGKILL');
  }
  }));
