import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { withTimeout } from '../../src/system/with-timeout.js';

test('withTimeout gives the work its value in time, and the fallback past the limit', async () => {
  assert.equal(await withTimeout(Promise.resolve('a tiempo'), 1000, () => 'tarde'), 'a tiempo');
  const never = new Promise<string>(() => undefined);
  assert.equal(await withTimeout(never, 10, () => 'tarde'), 'tarde');
  assert.equal(await withTimeout(never, 10), undefined);
});

test('withTimeout passes a rejection through and leaves no timer behind', async () => {
  const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
  const before = timers();
  await assert.rejects(withTimeout(Promise.reject(new Error('falló')), 60_000), /falló/);
  await withTimeout(sleep(5), 60_000);
  assert.equal(timers(), before, 'the 60 s timers were cancelled');
});
