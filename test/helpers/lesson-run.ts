import assert from 'node:assert/strict';
import type { Lesson } from '../../src/lessons/model.js';
import { runLessonAuto } from '../../src/engine/run-lesson.js';
import { openTcpEntries } from './leaks.js';
import { isAllowedAddress } from '../../src/net/address-scope.js';

/**
 * Runs a lesson live (--auto) and asserts every step and check passed, listing each failure with
 * its output. Document ports are always replaced by free ones, so lesson tests run in parallel
 * without fixed-port locks (one session test checks the document port itself is used when free).
 */
export async function assertLessonPasses(lesson: Lesson, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runLessonAuto(lesson, { env, readTcpStates: true, alwaysSubstitutePorts: true });
  const failures = result.steps
    .filter((step) => step.status !== 'pass')
    .map((step) => `paso ${step.step.number} («${step.step.title}»): ${step.problem ?? ''}${step.checks
      .filter((check) => check.status === 'fail')
      .map((check) => `\n  ✘ ${check.name}: ${check.message}`)
      .join('')}\n  stdout: ${step.stdout}\n  stderr: ${step.stderr}`);
  assert.deepEqual(failures, []);
  assert.equal(result.status, 'pass');
  assert.equal(result.steps.length, lesson.steps.length);
  const elsewhere = result.steps.flatMap((step) => (step.reply?.addresses ?? [])
    .filter((address) => !isAllowedAddress(address, Boolean(lesson.machines)))
    .map((address) => `paso ${step.step.number}: ${address.event} ${JSON.stringify(address)}`));
  assert.deepEqual(elsewhere, [], 'the lesson only touches loopback (or its own private hosts)');
  const usedPorts = result.substitutions.map((substitution) => substitution.replacement);
  assert.equal(usedPorts.length, lesson.ports.length, 'every document port was replaced');
  assert.deepEqual(await openTcpEntries(usedPorts), [], 'nothing stays listening or connected');
}
