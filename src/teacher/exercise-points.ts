import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { pointsFrom, type TestPoints } from './points.js';

/**
 * What each test of an exercise is worth, from `puntos` in its ejercicio.yaml: a list (one number
 * per test, in the order `verificar` runs them) or a mapping from part of a test's name to its
 * points (the tests not named are worth 1). Without `puntos`, every test is worth the same.
 */
export function exercisePoints(dir: string | undefined, testNames: string[]): TestPoints[] {
  const equal = testNames.map((name) => ({ name, points: 1 }));
  if (!dir) return equal;
  const file = join(dir, 'ejercicio.yaml');
  let meta: Record<string, unknown>;
  try {
    meta = (parseYaml(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  } catch {
    return equal; // the content loader reports a broken file
  }
  return pointsFrom(meta.puntos, testNames, file);
}
