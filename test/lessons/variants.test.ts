import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLesson } from '../../src/lessons/parse-lesson.js';
import { resolveVariants } from '../../src/lessons/variants.js';
import { applyVariantPlan } from '../../src/engine/variant-plan.js';
import { matchException, withPrintedName } from '../../src/engine/exception-names.js';
import type { StepError } from '../../src/kernel/protocol.js';

const HEADER = '---\nid: ejemplo\ntitulo: Ejemplo\nsecciones: [Ejemplo]\nactores: [servidor]\n---\n';
const TEXT = 'Siempre.\n\n::: solo windows\nEn Windows.\n:::\n\n::: solo linux, macos\nEn Linux o macOS.\n:::\n\n::: solo python<3.10\nPython viejo.\n:::\n\nFin.';

test('a note shows only on its platform, without its markers', () => {
  assert.equal(resolveVariants(TEXT, { platform: 'win32', python: [3, 12] }), 'Siempre.\n\nEn Windows.\n\nFin.');
  assert.equal(resolveVariants(TEXT, { platform: 'linux', python: [3, 12] }), 'Siempre.\n\nEn Linux o macOS.\n\nFin.');
  assert.equal(resolveVariants(TEXT, { platform: 'darwin', python: [3, 9] }), 'Siempre.\n\nEn Linux o macOS.\n\nPython viejo.\n\nFin.');
});

test('python bounds compare major and minor as numbers (3.9 < 3.10), every bound must hold', () => {
  const text = '::: solo python>=3.10, python<3.13\nmedio\n:::';
  assert.equal(resolveVariants(text, { platform: 'linux', python: [3, 9, 18] }), '');
  assert.equal(resolveVariants(text, { platform: 'linux', python: [3, 10, 0] }), 'medio');
  assert.equal(resolveVariants(text, { platform: 'linux', python: [3, 13, 0] }), '');
});

test('a lesson keeps every note when parsed; the engine drops the notes and checks that do not apply', () => {
  const step = '## Paso\n\n::: solo windows\nNota de Windows.\n:::\n\n```python servidor\nx = 1\n```\n\n```comprobar\n- valor: "1"\n  solo: python<3.10\n- sin_error\n```\n';
  const { lesson, problems } = parseLesson(HEADER + step, 'leccion.md');
  assert.deepEqual(problems, []);
  assert.match(lesson!.steps[0]!.explanation, /::: solo windows/);
  assert.deepEqual(lesson!.steps[0]!.checks[0]!.only, { platforms: [], python: [{ operator: '<', version: [3, 10] }] });
  const here = applyVariantPlan(lesson!, { platform: 'linux', python: [3, 12] });
  assert.equal(here.steps[0]!.explanation, '');
  assert.deepEqual(here.steps[0]!.checks.map((check) => check.kind), ['no-error']);
  const old = applyVariantPlan(lesson!, { platform: 'win32', python: [3, 8] });
  assert.equal(old.steps[0]!.explanation, 'Nota de Windows.');
  assert.deepEqual(old.steps[0]!.checks.map((check) => check.kind), ['value', 'no-error']);
});

const problemsOf = (body: string): string[] => parseLesson(HEADER + body, 'leccion.md').problems.map((problem) => `${problem.line}|${problem.field ?? ''}|${problem.message}`);
const CODE = '```python servidor\nx = 1\n```\n';

test('a bad note is reported with file line and field', () => {
  assert.match(problemsOf(`## Paso\n\n::: solo windos\nx\n:::\n${CODE}`)[0]!, /^9\|solo\|«windos» no es una condición válida \(¿quisiste decir «windows»\?\)/);
  assert.match(problemsOf(`## Paso\n\n::: solo linux\nx\n${CODE}`)[0]!, /^9\|solo\|esta nota no se cierra/);
  assert.match(problemsOf(`## Paso\n\n:::\n${CODE}`)[0]!, /^9\|solo\|«:::» cierra una nota que no se abrió/);
  assert.match(problemsOf(`## Paso\n\n::: windows\nx\n:::\n${CODE}`)[0]!, /^9\|solo\|«::: windows» no es válido/);
  assert.match(problemsOf(`## Paso\n\n::: solo linux\nx\n\n## Otro\n\n${CODE}`).join('\n'), /9\|solo\|esta nota no se cierra antes del paso siguiente/);
  assert.match(problemsOf(`## Paso\n\n${CODE}\n\`\`\`comprobar\n- salida: x\n  solo: python<3.x\n\`\`\`\n`).join('\n'), /^15\|solo\|«python<3\.x» no es una condición válida/m);
});

test('::: inside a code fence is code, not a note', () => {
  assert.deepEqual(problemsOf(`## Paso\n\n\`\`\`python\n:::\n\`\`\`\n\n${CODE}`), []);
});

const raised = (type: string, module: string, mro: string[]): StepError => ({
  type, module, mro, message: 'timed out', errno: null, code: null, line: 1, traceback: '',
});

test('error: TimeoutError accepts the socket.timeout of Python 3.8 and 3.9, and names it as printed', () => {
  const old = raised('timeout', 'socket', ['timeout', 'OSError', 'Exception', 'BaseException', 'object']);
  const match = matchException('TimeoutError', old);
  assert.equal(match.matches, true);
  assert.equal(match.rename?.printed, 'socket.timeout');
  assert.equal(withPrintedName('recv() se rinde con TimeoutError: timed out', match.rename), 'recv() se rinde con socket.timeout: timed out');
  const current = raised('TimeoutError', 'builtins', ['TimeoutError', 'OSError', 'Exception', 'BaseException', 'object']);
  assert.deepEqual(matchException('TimeoutError', current), { matches: true });
  const back = matchException('socket.timeout', current);
  assert.equal(back.matches, true);
  assert.equal(withPrintedName('lanza socket.timeout', back.rename), 'lanza TimeoutError');
});

test('a rename never makes an unrelated exception pass', () => {
  const refused = raised('ConnectionRefusedError', 'builtins', ['ConnectionRefusedError', 'ConnectionError', 'OSError', 'Exception', 'BaseException', 'object']);
  assert.equal(matchException('TimeoutError', refused).matches, false);
  assert.equal(matchException('socket.timeout', refused).matches, false);
  const otherTimeout = raised('timeout', 'ssl', ['timeout', 'Exception', 'BaseException', 'object']);
  assert.equal(matchException('TimeoutError', otherTimeout).matches, false);
});
