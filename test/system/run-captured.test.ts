import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCaptured, succeeds } from '../../src/system/run-captured.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';

test('runCaptured: code and output; what the command left running in its group ends with it', async () => {
  const marker = leakMarker();
  const run = await runCaptured('sh', ['-c', 'sleep 30 & echo hola; echo aviso >&2; exit 3'], { timeoutMs: 10_000, env: marker.env });
  assert.deepEqual([run.code, run.stdout, run.stderr, run.timedOut], [3, 'hola\n', 'aviso\n', false]);
  assert.deepEqual(await survivingProcesses(marker.value), [], 'the background sleep was killed with the group');
});

test('runCaptured: past its time limit the whole group is killed, and it says so', async () => {
  const marker = leakMarker();
  const run = await runCaptured('sh', ['-c', 'sleep 30 & sleep 30'], { timeoutMs: 200, env: marker.env });
  assert.deepEqual([run.code, run.timedOut], [null, true]);
  assert.deepEqual(await survivingProcesses(marker.value), [], 'no sleep survives');
});

test('runCaptured: its input is written and closed; a command that does not exist says why', async () => {
  assert.equal((await runCaptured('cat', [], { timeoutMs: 10_000, input: 'eco\n' })).stdout, 'eco\n');
  const missing = await runCaptured('/nonexistent/orden', [], { timeoutMs: 10_000 });
  assert.equal(missing.code, null);
  assert.match(missing.startError?.message ?? '', /ENOENT/);
  assert.equal(await succeeds('true', []), true);
  assert.equal(await succeeds('false', []), false);
  assert.equal(await succeeds('/nonexistent/orden', []), false);
});
