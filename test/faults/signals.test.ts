import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolvePython } from '../../src/system/python.js';
import { withFixedPort } from '../helpers/fixed-port-lock.js';
import { leakMarker, processesWithMarker } from '../helpers/leaks.js';
import { eventually, FAULT_LESSONS, leftIn, startCli, tcpEntriesOn } from './fault-helpers.js';

const linuxOnly = process.platform !== 'linux' ? 'TCP states are read from /proc (Linux)' : false;
const DOCUMENT_PORT = 65432;

/** bind() of the document's port without SO_REUSEADDR, in Python, as the document's server does: '' if it worked. */
async function bindLikeTheDocument(port: number): Promise<string> {
  const python = await resolvePython();
  const script = `import socket\ns = socket.socket()\ntry:\n    s.bind(("127.0.0.1", ${port}))\nexcept OSError as e:\n    print(e)`;
  return execFileSync(python.executable, ['-I', '-c', script], { encoding: 'utf8', timeout: 10_000 }).trim();
}

for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  test(`${signal} a una lección con --no-paquetes y una conexión abierta en 65432: sale con ${code}, sin procesos ni TIME_WAIT`, { skip: linuxOnly }, async () => {
    await withFixedPort(DOCUMENT_PORT, async () => {
      const marker = leakMarker();
      const cli = startCli(['leccion', 'conectados', '--auto', '--lecciones', FAULT_LESSONS, '--no-paquetes'], { ...marker.env, TALLER_SOCKETS_PUERTOS_LIBRES: '' });
      await cli.waitFor('Conectado; espero datos...');
      await cli.waitFor('recv'); // shown as blocked: the server waits in recv() on an established connection
      // 65432, unless something outside the workshop's lock held it (the lesson then shows the port it used instead).
      const port = Number(/s\.bind\(\('127\.0\.0\.1', (\d+)\)\)/.exec(cli.output())?.[1]);
      const connection = (await tcpEntriesOn(port)).find((entry) => entry.state === 'ESTABLISHED' && entry.remotePort === port);
      assert.ok(connection, `the client is connected to ${port}`);
      const clientPort = connection.localPort;

      cli.child.kill(signal);
      const exit = await cli.exited;
      assert.equal(exit.code, code, cli.output());
      assert.ok(await eventually(() => processesWithMarker(marker.value).length === 0, 2000, 5), 'no Python left');
      // Neither end of that connection may linger: the server side in TIME_WAIT would block the next bind() for a minute.
      const lingering = (await tcpEntriesOn(port)).filter((entry) => entry.localPort === clientPort || entry.remotePort === clientPort);
      assert.deepEqual(lingering, [], 'the connection was reset, not left in TIME_WAIT (or any other state)');
      assert.deepEqual((await tcpEntriesOn(port)).filter((entry) => entry.localPort === port && entry.state === 'LISTEN'), []);
      assert.equal(await bindLikeTheDocument(port), '', `the next lesson can bind ${port} at once`);
      assert.deepEqual(leftIn(cli.tmp), []);
    });
  });
}
