import { isMap, isScalar, isSeq, YamlBlock } from '../lessons/yaml-block.js';
import type { FormatProblem } from '../lessons/format-error.js';
import { closest } from '../text/closest.js';
import { TESTERS } from './testers/index.js';
import type { TesterDefinition } from './types.js';

/** A statement rule and the test that checks it (`reglas:` in ejercicio.yaml). */
export interface StatementRule {
  rule: string;
  /** Part of the name of the test that fails when a program breaks the rule. */
  test: string;
  line: number;
}

/** What ejercicio.yaml says, validated: every mistake is a problem with its file and line. */
export interface ExerciseMeta {
  id: string;
  title: string;
  hints: string[];
  /** The tester's id in the registry (src/grader/testers/index.ts): `pruebas:`, by default the exercise's own id. */
  testerId: string;
  tester: TesterDefinition;
  /** The lesson this exercise practises (`leccion:`): in the course it comes right after it. */
  lesson?: string;
  rules: StatementRule[];
  /**
   * Points per test (`puntos:`, test name → points), kept as data for the teacher's tools; the
   * grader itself never weighs tests.
   */
  points?: Record<string, number>;
}

const KEYS = ['id', 'titulo', 'puerto', 'pistas', 'pruebas', 'leccion', 'reglas', 'puntos'];

/**
 * Parses ejercicio.yaml. `lessonIds`: the lessons an exercise may follow (an unknown `leccion`
 * is a mistake; undefined skips that check).
 */
export function parseExerciseMeta(text: string, file: string, problems: FormatProblem[], lessonIds?: Set<string>): ExerciseMeta | undefined {
  const block = new YamlBlock(text, file, 1);
  const root = block.doc.contents;
  if (block.problems.length) {
    problems.push(...block.problems);
    return undefined;
  }
  if (!isMap(root)) {
    problems.push({ file, line: 1, message: 'debe ser un mapa de claves (id, titulo, pistas...)' });
    return undefined;
  }
  const fields = new Map<string, { key: unknown; value: unknown }>();
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!KEYS.includes(key)) {
      const near = closest(key, KEYS);
      block.problem(pair.key, key, `clave desconocida${near.length ? ` (¿quisiste decir «${near[0]}»?)` : ''}; claves válidas: ${KEYS.join(', ')}`);
      continue;
    }
    fields.set(key, { key: pair.key, value: pair.value });
  }
  const at = (key: string): unknown => fields.get(key)?.value ?? root;
  const text_ = (key: string): string | undefined => {
    const node = fields.get(key)?.value;
    return isScalar(node) && typeof node.value === 'string' && node.value.trim() ? node.value.trim() : undefined;
  };
  const before = block.problems.length;
  const id = text_('id');
  if (!id || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) block.problem(at('id'), 'id', 'falta, o no es un id en minúsculas con guiones');
  const title = text_('titulo');
  if (!title) block.problem(at('titulo'), 'titulo', 'falta el título');
  const hintsNode = fields.get('pistas')?.value;
  const hints = isSeq(hintsNode) ? hintsNode.items.map((item) => (isScalar(item) && typeof item.value === 'string' ? item.value.trim() : '')) : [];
  if (!hints.length || hints.some((hint) => !hint)) block.problem(at('pistas'), 'pistas', 'debe ser una lista de pistas (textos), al menos una');
  const testerId = text_('pruebas') ?? id ?? '';
  const tester = TESTERS[testerId];
  if (id && !tester) {
    block.problem(
      at(fields.has('pruebas') ? 'pruebas' : 'id'),
      fields.has('pruebas') ? 'pruebas' : 'id',
      `no hay pruebas «${testerId}» en src/grader/testers; con «pruebas: <id>» usa las de otro ejercicio (${Object.keys(TESTERS).join(', ')})`,
    );
  }
  const portNode = fields.get('puerto')?.value;
  if (tester && portNode !== undefined && (!isScalar(portNode) || portNode.value !== tester.defaultPort)) {
    block.problem(portNode, 'puerto', `el puerto de las pruebas «${testerId}» es ${tester.defaultPort}`);
  }
  const lesson = text_('leccion')?.replace(/^\d+-/, '');
  if (fields.has('leccion') && !lesson) block.problem(at('leccion'), 'leccion', 'debe ser el id de una lección (p. ej. tcp-es-un-flujo)');
  if (lesson && lessonIds && !lessonIds.has(lesson)) {
    const near = closest(lesson, [...lessonIds]);
    block.problem(at('leccion'), 'leccion', `no hay ninguna lección «${lesson}»${near.length ? ` (¿quisiste decir «${near[0]}»?)` : ''}`);
  }
  const testNames = tester ? tester.tests().map((test) => test.name) : [];
  const rules = tester ? parseRules(block, fields.get('reglas')?.value, testNames) : [];
  const points = tester ? parsePoints(block, fields.get('puntos')?.value, testNames) : undefined;
  problems.push(...block.problems);
  if (block.problems.length > before || !id || !title || !tester) return undefined;
  return { id, title, hints, testerId, tester, ...(lesson ? { lesson } : {}), rules, ...(points ? { points } : {}) };
}

/** `reglas:` a list of {regla: <statement line>, prueba: <part of a test's name>}. */
function parseRules(block: YamlBlock, node: unknown, testNames: string[]): StatementRule[] {
  if (node === undefined) return [];
  if (!isSeq(node)) {
    block.problem(node, 'reglas', 'debe ser una lista de {regla: <línea del enunciado>, prueba: <nombre de la prueba>}');
    return [];
  }
  const rules: StatementRule[] = [];
  for (const item of node.items) {
    const rule = isMap(item) ? item.get('regla') : undefined;
    const test = isMap(item) ? item.get('prueba') : undefined;
    if (typeof rule !== 'string' || typeof test !== 'string' || !rule.trim() || !test.trim()) {
      block.problem(item, 'reglas', 'cada regla es {regla: <línea del enunciado>, prueba: <nombre de la prueba>}');
      continue;
    }
    if (!testNames.some((name) => name.includes(test))) {
      block.problem(item, 'reglas', `ninguna prueba se llama «${test}»; las pruebas son: ${testNames.map((name) => `«${name}»`).join(', ')}`);
      continue;
    }
    rules.push({ rule: rule.trim(), test: test.trim(), line: block.lineOf(item) });
  }
  return rules;
}

function parsePoints(block: YamlBlock, node: unknown, testNames: string[]): Record<string, number> | undefined {
  if (node === undefined) return undefined;
  if (!isMap(node)) {
    block.problem(node, 'puntos', 'debe ser un mapa <nombre de la prueba>: <puntos>');
    return undefined;
  }
  const points: Record<string, number> = {};
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = isScalar(pair.value) ? pair.value.value : undefined;
    if (!testNames.includes(name)) block.problem(pair.key, 'puntos', `no hay ninguna prueba «${name}»`);
    else if (typeof value !== 'number' || value < 0) block.problem(pair.value ?? pair.key, 'puntos', 'los puntos son un número positivo');
    else points[name] = value;
  }
  return points;
}
