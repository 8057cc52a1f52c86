import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TESTERS } from '../../src/grader/testers/index.js';
import { loadTester, TESTER_MODULES } from '../../src/grader/testers/load-tester.js';

test('every tester loads alone by its id, the same definition as the full table; an unknown id loads nothing', async () => {
  assert.deepEqual(Object.keys(TESTER_MODULES).sort(), Object.keys(TESTERS).sort());
  for (const [id, tester] of Object.entries(TESTERS)) assert.equal(await loadTester(id), tester, id);
  for (const id of ['no-existe', 'toString', '__proto__', '../index']) assert.equal(await loadTester(id), undefined, id);
});
