import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { withTimeout } from '../../src/system/with-timeout.js';
import { delay } from '../../src/system/delay.js';

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

test('delay ends early, without an error, when its signal aborts', async () => {
  const stop = new AbortController();
  const waiting = delay(60_000, { signal: stop.signal });
  stop.abort();
  assert.equal(await waiting, undefined);
  const aborted = AbortSignal.abort();
  assert.equal(await delay(60_000, { signal: aborted }), undefined);
});
