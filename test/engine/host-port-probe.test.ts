import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { Kernel } from '../../src/kernel/kernel-client.js';
import { hostPortProbe } from '../../src/engine/host-port-probe.js';
import { candidatePort } from '../../src/net/free-port.js';
import { readSocketTable } from '../../src/system/proc/socket-table.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';

// The probe answers before any Python has started; the kernel's own `port-free` (a Python bind
// without SO_REUSEADDR, as the learner's) is the reference it must agree with, state by state.
const linuxOnly = process.platform !== 'linux' ? 'the socket table is read from /proc (Linux)' : false;
const marker = leakMarker();
let holder: Kernel;
let judge: Kernel;

before(async () => {
  holder = new Kernel('servidor');
  judge = new Kernel('cliente');
  await Promise.all([holder.start(marker.env), judge.start(marker.env)]);
});

after(async () => {
  await Promise.all([holder.shutdown(), judge.shutdown()]);
  assert.deepEqual(await survivingProcesses(marker.value), [], 'no Python kernel outlives the tests');
});

/** A TCP and UDP port nobody uses, as the kernel sees it (bounded tries). */
async function unusedPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = candidatePort();
    if (await judge.portFree(port, 'tcp') && await judge.portFree(port, 'udp')) return port;
  }
  throw new Error('no unused port found in 50 tries');
}

async function answers(port: number, protocol: 'tcp' | 'udp'): Promise<{ probe: boolean; kernel: boolean }> {
  const probe = await hostPortProbe();
  assert.ok(probe, 'on Linux the socket table can be read');
  return { probe: await probe(port, protocol), kernel: await judge.portFree(port, protocol) };
}

/** The closing handshake ends on its own, right after the step: looked for a bounded while. */
async function inTimeWait(port: number): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const table = await readSocketTable('tcp');
    if (table.available && table.entries.some((entry) => entry.localPort === port && entry.state === 'TIME_WAIT')) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

async function holderRuns(code: string): Promise<void> {
  const reply = await holder.exec(code, '<prueba>');
  assert.equal(reply.error, null, JSON.stringify(reply.error));
}

test('a free port is free for both; a LISTEN socket (held by another process) is busy for both', { skip: linuxOnly }, async () => {
  const port = await unusedPort();
  assert.deepEqual(await answers(port, 'tcp'), { probe: true, kernel: true });
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  try {
    assert.deepEqual(await answers(port, 'tcp'), { probe: false, kernel: false });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a socket bound but not listening, absent from the socket table, is busy for both (the probe binds too)', { skip: linuxOnly }, async () => {
  const port = await unusedPort();
  await holderRuns(`import socket\nbound = socket.socket()\nbound.bind(('127.0.0.1', ${port}))`);
  try {
    const table = await readSocketTable('tcp');
    assert.ok(table.available && !table.entries.some((entry) => entry.localPort === port), 'the table does not list a bound-only socket');
    assert.deepEqual(await answers(port, 'tcp'), { probe: false, kernel: false });
  } finally {
    await holderRuns('bound.close()');
  }
});

test('a port left in TIME_WAIT by a server with SO_REUSEADDR, which a Node listen() takes, is busy for both', { skip: linuxOnly }, async () => {
  const port = await unusedPort();
  // The server closes first, so its end (the port itself) keeps the TIME_WAIT. With SO_REUSEADDR on
  // both sides Linux lets a new bind through (Node always sets it); the learner's bind, without it, fails.
  await holderRuns([
    'import socket',
    `server = socket.socket()\nserver.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\nserver.bind(('127.0.0.1', ${port}))\nserver.listen()`,
    `client = socket.create_connection(('127.0.0.1', ${port}))`,
    'conn, _ = server.accept()\nconn.close()\nserver.close()',
    'client.recv(1)\nclient.close()',
  ].join('\n'));
  assert.ok(await inTimeWait(port), 'the port is in TIME_WAIT');
  const nodeCanListen = createServer();
  await new Promise<void>((resolve, reject) => nodeCanListen.once('error', reject).listen(port, '127.0.0.1', resolve));
  await new Promise((resolve) => nodeCanListen.close(resolve));
  assert.deepEqual(await answers(port, 'tcp'), { probe: false, kernel: false });
});

test('a bound UDP port is busy for both; the same number over TCP stays free', { skip: linuxOnly }, async () => {
  const port = await unusedPort();
  await holderRuns(`import socket\nudp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nudp.bind(('127.0.0.1', ${port}))`);
  try {
    assert.deepEqual(await answers(port, 'udp'), { probe: false, kernel: false });
    assert.deepEqual(await answers(port, 'tcp'), { probe: true, kernel: true });
  } finally {
    await holderRuns('udp.close()');
  }
});
