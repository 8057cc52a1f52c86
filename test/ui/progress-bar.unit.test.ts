import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percent } from '../../src/ui/progress-bar.js';
import { progressWords } from '../../src/cli/course/progress-words.js';

test('percentages are rounded, and 100 % only when everything is done', () => {
  assert.equal(percent(1, 6), 17);
  assert.equal(percent(1, 3), 33);
  assert.equal(percent(2, 3), 67);
  assert.equal(percent(199, 200), 99);
  assert.equal(percent(3, 3), 100);
  assert.equal(percent(0, 0), 0);
});

test('one wording for how far a lesson went', () => {
  assert.equal(progressWords(6, 10), '6 de 10 pasos hechos');
  assert.equal(progressWords(12, 10), '10 de 10 pasos hechos');
});
