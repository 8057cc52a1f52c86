import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Kernel, KernelDiedError } from '../../src/kernel/kernel-client.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';

const marker = leakMarker();
const kernels: Kernel[] = [];

async function startKernel(actor = 'servidor'): Promise<Kernel> {
  const kernel = new Kernel(actor);
  kernels.push(kernel);
  await kernel.start(marker.env);
  return kernel;
}

after(async () => {
  await Promise.all(kernels.map((kernel) => kernel.shutdown()));
  assert.deepEqual(await survivingProcesses(marker.value), [], 'no Python kernel outlives the tests');
});

test('streams stdout and stderr live, in order, and returns the trailing expression', async () => {
  const kernel = await startKernel();
  const chunks: string[] = [];
  const reply = await kernel.exec('import sys\nprint("uno")\nprint("dos", file=sys.stderr)\n1 + 1', '<t>', (stream, text) => chunks.push(`${stream}:${text}`));
  assert.equal(reply.error, null);
  assert.equal(reply.value, '2');
  assert.deepEqual(chunks.filter((chunk) => chunk.trim().length > 7), ['stdout:uno', 'stderr:dos']);
});

test('raw writes to fd 1 cannot corrupt the protocol', async () => {
  const kernel = await startKernel();
  const chunks: string[] = [];
  const reply = await kernel.exec('import os\nos.write(1, b"{not json\\n")\nx = 5\nx', '<t>', (_s, text) => chunks.push(text));
  assert.equal(reply.value, '5');
  assert.ok(chunks.join('').includes('{not json'), 'the raw write is shown as output');
});

test('an exception is reported with class, hierarchy, message, errno and the step line', async () => {
  const kernel = await startKernel();
  const reply = await kernel.exec('import socket\ns = socket.socket()\n\ns.connect(("127.0.0.1", 1))', '<t>');
  assert.equal(reply.error?.type, 'ConnectionRefusedError');
  assert.ok(reply.error?.mro.includes('OSError'));
  assert.equal(typeof reply.error?.errno, 'number');
  assert.equal(reply.error?.line, 4);
  assert.deepEqual(reply.addresses, [{ event: 'connect', host: '127.0.0.1', port: 1 }], 'the audit hook saw the address, though the call failed');
  assert.doesNotMatch(reply.error.traceback, /kernel\.py/, 'the kernel frames are hidden');
});

test('SystemExit and input() do not kill the kernel', async () => {
  const kernel = await startKernel();
  const exit = await kernel.exec('import sys\nsys.exit(3)', '<t>');
  assert.equal(exit.error?.type, 'SystemExit');
  assert.equal(exit.error?.code, 3);
  const read = await kernel.exec('input("¿nombre? ")', '<t>');
  assert.equal(read.error?.type, 'EOFError');
  const alive = await kernel.exec('"sigo vivo"', '<t>');
  assert.equal(alive.value, "'sigo vivo'");
});

test('the socket snapshot covers variables and the pair returned by accept()', async () => {
  const kernel = await startKernel();
  const reply = await kernel.exec([
    'import socket',
    's = socket.socket(socket.AF_INET, socket.SOCK_STREAM)',
    's.bind(("127.0.0.1", 0)); s.listen()',
    'c = socket.create_connection(s.getsockname())',
    'par = s.accept()',
    'u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
    'u.close()',
  ].join('\n'), '<t>');
  assert.equal(reply.error, null);
  const byName = new Map(reply.sockets.map((socket) => [socket.name, socket]));
  assert.equal(byName.get('s')?.listening, true);
  assert.equal(byName.get('s')?.family, 'AF_INET');
  const accepted = byName.get('par[0]');
  const client = byName.get('c');
  assert.ok(accepted && client, 'the accepted socket inside the tuple is found');
  assert.deepEqual(accepted.remote, client.local, 'accept() returns a socket connected to the client');
  assert.equal(byName.get('u')?.closed, true);
  assert.equal(byName.get('u')?.type, 'SOCK_DGRAM');
});

test('interrupting a blocked accept() stops that step only; the listening socket survives', async () => {
  const kernel = await startKernel();
  await kernel.exec('import socket\ns = socket.socket()\ns.bind(("127.0.0.1", 0))\ns.listen()', '<t>');
  let settled = false;
  const blocked = kernel.exec('conn, addr = s.accept()', '<t>').finally(() => (settled = true));
  // SIGINT only interrupts learner code: repeat until the step has started and been stopped.
  for (let attempt = 0; attempt < 50 && !settled; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (!settled) assert.ok(kernel.interrupt());
  }
  const reply = await blocked;
  assert.equal(reply.interrupted, true);
  assert.equal(reply.error?.type, 'KeyboardInterrupt');
  const after = await kernel.exec('s.fileno() != -1', '<t>');
  assert.equal(after.value, 'True');
});

test('a kernel killed mid-step rejects the step with KernelDiedError', async () => {
  const kernel = await startKernel();
  const step = kernel.exec('import os, signal\nos.kill(os.getpid(), signal.SIGKILL)', '<t>');
  await assert.rejects(step, (error: unknown) => error instanceof KernelDiedError && /SIGKILL/.test(error.exitDescription));
  assert.equal(kernel.alive, false);
});

test('port-free reports a bound port as busy (no SO_REUSEADDR, like the document)', async () => {
  const kernel = await startKernel();
  const reply = await kernel.exec('import socket\nt = socket.socket()\nt.bind(("127.0.0.1", 0))\nt.listen()\nt.getsockname()[1]', '<t>');
  const port = Number(reply.value);
  assert.equal(await kernel.portFree(port, 'tcp'), false);
  await kernel.exec('t.close()', '<t>');
  assert.equal(await kernel.portFree(port, 'tcp'), true);
});

test('exit() and quit() in a step end it with SystemExit as in any Python (the kernel starts without site), and the kernel carries on', async () => {
  const kernel = await startKernel();
  const exited = await kernel.exec('exit(3)', '<t>');
  assert.equal(exited.error?.type, 'SystemExit');
  assert.equal(exited.error?.code, 3);
  const quitted = await kernel.exec('x = 7\nquit()', '<t>');
  assert.equal(quitted.error?.type, 'SystemExit');
  assert.equal((await kernel.exec('x', '<t>')).value, '7', 'the namespace survives');
});
