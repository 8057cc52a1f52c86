import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { TESTERS } from '../../src/grader/testers/index.js';
import { assertFailsWith, assertPasses, gradeChecked } from './grade-helpers.js';

/**
 * test/fixtures/programs/<exercise>/: correct programs in other styles (ok-*.py: socketserver,
 * asyncio, selectors, threads, fork, a chatty one, one that leaves a child process) must pass;
 * the others (hangs, crashes, floods, syntax errors) must fail with what their header says.
 */
const ROOT = fileURLToPath(new URL('../fixtures/programs/', import.meta.url));

interface Fixture {
  exercise: string;
  name: string;
  file: string;
  expects: string[];
  failingTest?: string;
}

const fixtures: Fixture[] = readdirSync(ROOT).flatMap((exercise) =>
  readdirSync(join(ROOT, exercise))
    .filter((name) => name.endsWith('.py'))
    .sort()
    .map((name) => {
      const file = join(ROOT, exercise, name);
      const text = readFileSync(file, 'utf8');
      return {
        exercise,
        name,
        file,
        expects: [...text.matchAll(/^# espera: (.*)$/gm)].map((match) => match[1]!),
        failingTest: /^# prueba: (.*)$/m.exec(text)?.[1],
      };
    }),
);

it('cada programa de ejemplo dice qué se espera de él (ok-* pasa; los demás, «# espera:»)', () => {
  const silent = fixtures.filter((fixture) => !fixture.name.startsWith('ok-') && !fixture.expects.length).map((fixture) => `${fixture.exercise}/${fixture.name}`);
  assert.deepEqual(silent, [], 'sin cabecera, un programa no se probaría');
});

describe('programas correctos en otros estilos', { concurrency: 4 }, () => {
  for (const fixture of fixtures.filter((f) => f.name.startsWith('ok-'))) {
    it(`${fixture.exercise}/${fixture.name} pasa`, async () => {
      // Secrets in our environment must not reach the program (ok-mira-secretos.py asserts it).
      const result = await gradeChecked(TESTERS[fixture.exercise]!, fixture.file, {
        port: 'libre',
        env: { API_TOKEN: 'no-lo-veas', MY_SECRET: 'tampoco', DB_PASSWORD: 'nada' },
      });
      assertPasses(result);
    });
  }
});

describe('programas que se cuelgan, fallan o inundan la salida', { concurrency: 4 }, () => {
  for (const fixture of fixtures.filter((f) => !f.name.startsWith('ok-') && f.expects.length)) {
    it(`${fixture.exercise}/${fixture.name}: ${fixture.expects[0]}`, async () => {
      const result = await gradeChecked(TESTERS[fixture.exercise]!, fixture.file, { port: 'libre' });
      assertFailsWith(result, fixture.expects, fixture.failingTest);
    });
  }
});
