import { UserError } from '../errors.js';

/** One test of an exercise and what it is worth. */
export interface TestPoints {
  name: string;
  points: number;
}

/**
 * `puntos` of an ejercicio.yaml: a list (one number per test, in the order `verificar` runs
 * them) or a mapping from part of a test's name to its points (the tests not named are worth 1).
 * Without it, every test is worth the same. (Reading the file is exercise-points.ts: this module
 * stays free of the YAML parser, for the grader bundle.)
 */
export function pointsFrom(value: unknown, testNames: string[], file: string): TestPoints[] {
  const bad = (why: string): never => {
    throw new UserError(`${file}: campo «puntos»: ${why}. Las pruebas son: ${testNames.map((name) => `«${name}»`).join(', ')}.`);
  };
  const number = (points: unknown, where: string): number =>
    typeof points === 'number' && Number.isFinite(points) && points >= 0 ? points : bad(`${where} debe ser un número de puntos (0 o más)`);
  let table: TestPoints[];
  if (value === undefined || value === null) table = testNames.map((name) => ({ name, points: 1 }));
  else if (Array.isArray(value)) {
    if (value.length !== testNames.length) bad(`tiene ${value.length} valores y el ejercicio tiene ${testNames.length} pruebas`);
    table = testNames.map((name, index) => ({ name, points: number(value[index], `el valor ${index + 1}`) }));
  } else if (typeof value === 'object') {
    table = testNames.map((name) => ({ name, points: 1 }));
    for (const [part, points] of Object.entries(value as Record<string, unknown>)) {
      const matches = table.filter((test) => test.name.toLowerCase().includes(part.toLowerCase()));
      if (matches.length !== 1) bad(`«${part}» ${matches.length ? 'nombra a varias pruebas' : 'no nombra ninguna prueba'}`);
      matches[0]!.points = number(points, `«${part}»`);
    }
  } else return bad('debe ser una lista de números o pares «parte del nombre: puntos»');
  if (!table.some((test) => test.points > 0)) bad('al menos una prueba debe valer algo');
  return table;
}

/** The grade of a set of results on a scale: the share of points of the tests passed. */
export function gradeOn(scale: number, table: TestPoints[], passed: (name: string, index: number) => boolean): { points: number; maxPoints: number; grade: number } {
  const maxPoints = table.reduce((sum, test) => sum + test.points, 0);
  const points = table.reduce((sum, test, index) => sum + (passed(test.name, index) ? test.points : 0), 0);
  const grade = maxPoints ? Math.round((points / maxPoints) * scale * 100) / 100 : 0;
  return { points, maxPoints, grade };
}
