import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadLessons } from '../../src/lessons/load-lessons.js';
import { runLessonAuto } from '../../src/engine/run-lesson.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';

// This test file runs in its own process: pretend this machine has no IPv6 on loopback.
process.env.TALLER_SOCKETS_IPV6 = '0';
const marker = leakMarker();
after(async () => assert.deepEqual(await survivingProcesses(marker.value), []));

test('without IPv6 on loopback, the IPv6 steps are shown as not runnable here and the lessons still pass', async () => {
  const lessons = (await loadLessons()).filter((lesson) => lesson.steps.some((step) => step.checks.some((check) => check.kind === 'requires' && check.what === 'ipv6')));
  assert.ok(lessons.length >= 2, `lessons with IPv6 steps: ${lessons.map((lesson) => lesson.folder).join(', ')}`);
  for (const lesson of lessons) {
    const result = await runLessonAuto(lesson, { env: marker.env, alwaysSubstitutePorts: true });
    assert.equal(result.status, 'pass', `${lesson.folder}: ${JSON.stringify(result.steps.filter((s) => s.status !== 'pass').map((s) => [s.step.title, s.checks]))}`);
    const skipped = result.steps.filter((step) => step.skipped);
    assert.ok(skipped.length > 0, `${lesson.folder} skipped its IPv6 steps`);
    assert.ok(skipped.every((step) => /no tiene IPv6 en loopback/.test(step.skipped!)));
    assert.ok(result.steps.every((step) => step.skipped || !/::1/.test(step.step.code)), 'no step touching ::1 ran');
  }
});
