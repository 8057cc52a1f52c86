import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readlinkSync } from 'node:fs';
import { createServer, createConnection, type AddressInfo } from 'node:net';
import { packetsAvailability, twoHostsAvailability } from '../../src/net/netns/availability.js';
import { PrivateNetwork, planHosts } from '../../src/net/netns/private-network.js';
import type { CapturedSegment } from '../../src/net/netns/captured-segment.js';
import { Kernel } from '../../src/kernel/kernel-client.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';
import { procEntriesSync } from '../../src/system/proc/process-stat.js';
import { delay } from '../../src/system/delay.js';

const one = await packetsAvailability();
const two = await twoHostsAvailability();
const skipOne = one.available ? false : `no se pueden crear espacios de nombres de red aquí: ${one.reason}`;
const skipTwo = two.available ? false : `no se pueden crear dos máquinas aquí: ${two.reason}`;

const marker = leakMarker();
after(async () => assert.deepEqual(await survivingProcesses(marker.value), [], 'no holder, kernel or ip process survives'));

/** Processes (any we can see) still inside a network namespace, by its inode link (net:[...]). */
function processesIn(namespace: string): number[] {
  return procEntriesSync().filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/ns/net`) === namespace;
    } catch {
      return false; // gone, or not ours to look at
    }
  });
}

async function waitUntil(condition: () => boolean, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await delay(25);
  return condition();
}

test('a private namespace has its own loopback, captures only itself, and is gone with its processes', { skip: skipOne }, async () => {
  const network = await PrivateNetwork.open(planHosts(['A']), marker.env);
  const host = network.host('A');
  const namespace = readlinkSync(`/proc/${host.pid}/ns/net`);
  assert.notEqual(namespace, readlinkSync('/proc/self/ns/net'), 'the holder lives in another network namespace');
  const seen: CapturedSegment[] = [];
  network.on('segment', (segment) => seen.push(segment));

  // Traffic on the machine's own loopback, while the capture runs: it must not appear.
  const outside = createServer((socket) => socket.end('fuera'));
  await new Promise<void>((resolve) => outside.listen(0, '127.0.0.1', resolve));
  const outsidePort = (outside.address() as AddressInfo).port;
  await new Promise<void>((resolve, reject) => {
    const client = createConnection(outsidePort, '127.0.0.1');
    client.on('data', () => client.end());
    client.on('close', () => resolve());
    client.on('error', reject);
  });
  outside.close();

  const kernel = new Kernel('servidor', host.launchWrapper);
  try {
    await kernel.start(marker.env);
    const reply = await kernel.exec([
      'import socket',
      's = socket.socket(); s.bind(("127.0.0.1", 65432)); s.listen()',
      'c = socket.create_connection(("127.0.0.1", 65432)); conn, addr = s.accept()',
      'c.sendall(b"dentro"); conn.recv(100)',
    ].join('\n'), 'prueba');
    assert.equal(reply.error, null);
    assert.equal(reply.value, "b'dentro'");
    await network.mark();
    const ports = new Set(seen.flatMap((segment) => [segment.sport, segment.dport]));
    assert.ok(ports.has(65432), 'the namespace traffic is captured');
    assert.ok(!ports.has(outsidePort), 'the machine\'s own loopback traffic is never captured');
    assert.ok(seen.every((segment) => segment.host === 'A' && segment.iface === 'lo'));
    const table = await network.readTcpTable();
    assert.ok(table.available && table.entries.some((entry) => entry.localPort === 65432 && entry.state === 'LISTEN'),
      'the TCP table read is the namespace\'s');
  } finally {
    await kernel.shutdown();
    network.close();
  }
  assert.ok(await waitUntil(() => processesIn(namespace).length === 0), `processes left in ${namespace}: ${processesIn(namespace).join(', ')}`);
  assert.deepEqual(await survivingProcesses(marker.value), []);
});

test('two hosts: a server bound to 127.0.0.1 on A is refused from B; bound to 0.0.0.0 it answers', { skip: skipTwo }, async () => {
  const network = await PrivateNetwork.open(planHosts(['A', 'B']), marker.env);
  const namespaces = ['A', 'B'].map((name) => readlinkSync(`/proc/${network.host(name).pid}/ns/net`));
  assert.notEqual(namespaces[0], namespaces[1]);
  const server = new Kernel('servidor', network.host('A').launchWrapper);
  const client = new Kernel('cliente', network.host('B').launchWrapper);
  try {
    await Promise.all([server.start(marker.env), client.start(marker.env)]);
    const names = await Promise.all([server, client].map((kernel) => kernel.exec('import socket\nsocket.gethostname()', 'nombre')));
    assert.deepEqual(names.map((reply) => reply.value), ["'maquina-a'", "'maquina-b'"]);

    await server.exec('s = socket.socket(); s.bind(("127.0.0.1", 65432)); s.listen()', 'loopback');
    const refused = await client.exec('c = socket.socket(); c.settimeout(2); c.connect(("10.99.0.1", 65432))', 'conectar');
    assert.equal(refused.error?.type, 'ConnectionRefusedError');
    const ownLoopback = await client.exec('c = socket.socket(); c.settimeout(2); c.connect(("127.0.0.1", 65432))', 'conectar');
    assert.equal(ownLoopback.error?.type, 'ConnectionRefusedError', 'B\'s 127.0.0.1 is B itself');

    await server.exec('s.close(); s = socket.socket(); s.bind(("0.0.0.0", 65432)); s.listen()', 'todas');
    const connected = await client.exec('c = socket.socket(); c.settimeout(2); c.connect(("10.99.0.1", 65432)); c.getsockname()[0]', 'conectar');
    assert.equal(connected.error, null);
    assert.equal(connected.value, "'10.99.0.2'");
    const accepted = await server.exec('conn, addr = s.accept(); addr[0]', 'aceptar');
    assert.equal(accepted.value, "'10.99.0.2'");
  } finally {
    await Promise.all([server.shutdown(), client.shutdown()]);
    network.close();
  }
  for (const namespace of namespaces) {
    assert.ok(await waitUntil(() => processesIn(namespace).length === 0), `processes left in ${namespace}`);
  }
});

test('the capture decodes a TCP exchange segment by segment, with relative sequence numbers', { skip: skipOne }, async () => {
  const network = await PrivateNetwork.open(planHosts(['A']), marker.env);
  const seen: CapturedSegment[] = [];
  network.on('segment', (segment) => seen.push(segment));
  const kernel = new Kernel('par', network.host('A').launchWrapper);
  /** Each call of the pair, then a bounded wait until its segments (the receiver's ACK included) are in. */
  const step = async (code: string, segmentsSoFar: number): Promise<void> => {
    const reply = await kernel.exec(code, 'par');
    assert.equal(reply.error, null, reply.error?.message);
    for (let attempt = 0; attempt < 100 && seen.filter((segment) => segment.proto === 'tcp').length < segmentsSoFar; attempt++) {
      await delay(10);
      await network.mark();
    }
  };
  try {
    await kernel.start(marker.env);
    await step('import socket\ns = socket.socket(); s.bind(("127.0.0.1", 65432)); s.listen()', 0);
    await step('c = socket.create_connection(("127.0.0.1", 65432)); conn, addr = s.accept()', 3);
    await step('c.sendall("Hola desde el cliente!".encode()); conn.recv(1024)', 5);
    await step('conn.sendall(b"Hola desde el servidor"); c.recv(1024)', 7);
    await step('c.close()', 9);
    await step('conn.recv(1024); conn.close(); s.close()', 11);
  } finally {
    await kernel.shutdown();
    network.close();
  }
  const tcp = seen.filter((segment) => segment.proto === 'tcp');
  const client = tcp[0]!.sport!;
  const rows = tcp.map((segment) => [
    segment.sport === client ? 'c>s' : 's>c', segment.flags!.join('-'), segment.seq, segment.ack ?? null, segment.len, segment.text ?? null,
  ]);
  assert.deepEqual(rows, [
    ['c>s', 'SYN', 0, null, 0, null],
    ['s>c', 'SYN-ACK', 0, 1, 0, null],
    ['c>s', 'ACK', 1, 1, 0, null],
    ['c>s', 'PSH-ACK', 1, 1, 22, 'Hola desde el cliente!'],
    ['s>c', 'ACK', 1, 23, 0, null],
    ['s>c', 'PSH-ACK', 1, 23, 22, 'Hola desde el servidor'],
    ['c>s', 'ACK', 23, 23, 0, null],
    ['c>s', 'FIN-ACK', 23, 23, 0, null],
    ['s>c', 'ACK', 23, 24, 0, null],
    ['s>c', 'FIN-ACK', 23, 24, 0, null],
    ['c>s', 'ACK', 24, 24, 0, null],
  ]);
  for (let index = 1; index < tcp.length; index++) assert.ok(tcp[index]!.t >= tcp[index - 1]!.t, 'kernel timestamps are in order');
});
