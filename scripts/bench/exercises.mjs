// Every exercise's reference solution through `verificar`, timed: a right program should be graded
// in under a second on an idle machine (a report, not a test threshold).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, round, sample } from './measure.mjs';

export const EXERCISE_GOAL_MS = 1000;

/** exercises/<folder>/ with an id in ejercicio.yaml and a solucion.py, in course-folder order. */
export function shippedSolutions(root) {
  const dir = join(root, 'exercises');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(dir, entry.name))
    .filter((folder) => existsSync(join(folder, 'ejercicio.yaml')) && existsSync(join(folder, 'solucion.py')))
    .sort()
    .map((folder) => ({ id: /^id:\s*(\S+)/m.exec(readFileSync(join(folder, 'ejercicio.yaml'), 'utf8'))?.[1], file: join(folder, 'solucion.py') }))
    .filter((entry) => entry.id);
}

export async function measureEachExercise({ root, quick, log, verify }) {
  const solutions = shippedSolutions(root);
  // Quick runs only prove the path works; the full run measures every exercise three times.
  const chosen = quick ? solutions.slice(0, 2) : solutions;
  const runs = quick ? 1 : 3;
  log(`Verificando la solución de ${chosen.length} ejercicio(s)...`);
  const results = [];
  for (const { id, file } of chosen) {
    const times = [];
    const failures = [];
    for (let run = 0; run < runs; run++) {
      const outcome = sample(await verify(id, file), `verificar ${id}`);
      if (outcome.error) failures.push(outcome.error);
      else times.push(outcome.ms);
    }
    const ms = median(times);
    results.push({ id, ms: round(ms, 1), underGoal: ms !== undefined && ms < EXERCISE_GOAL_MS, ...(failures.length ? { failures: failures.slice(0, 3) } : {}) });
  }
  return results;
}

export function renderExercises(results) {
  if (!results?.length) return '';
  const lines = ['', `Verificar la solución de cada ejercicio (objetivo: < ${EXERCISE_GOAL_MS} ms en una máquina en reposo):`];
  for (const result of results) {
    const time = result.ms === undefined ? `error: ${result.failures?.[0] ?? 'sin muestras'}` : `${result.ms} ms`;
    lines.push(`  ${result.id.padEnd(26)} ${time}${result.ms === undefined ? '' : result.underGoal ? '' : '  (sobre el objetivo)'}`);
  }
  return lines.join('\n');
}
