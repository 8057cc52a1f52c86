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

test('old names of OSError (socket.error, IOError) match it in every version', () => {
  const refused = raised('ConnectionRefusedError', 'builtins', ['ConnectionRefusedError', 'ConnectionError', 'OSError', 'Exception', 'BaseException', 'object']);
  for (const name of ['socket.error', 'IOError', 'EnvironmentError', 'OSError']) assert.equal(matchException(name, refused).matches, true, name);
  const typeError = raised('TypeError', 'builtins', ['TypeError', 'Exception', 'BaseException', 'object']);
  assert.equal(matchException('socket.error', typeError).matches, false);
});

test('a rename never makes an unrelated exception pass', () => {
  const refused = raised('ConnectionRefusedError', 'builtins', ['ConnectionRefusedError', 'ConnectionError', 'OSError', 'Exception', 'BaseException', 'object']);
  assert.equal(matchException('TimeoutError', refused).matches, false);
  assert.equal(matchException('socket.timeout', refused).matches, false);
  const otherTimeout = raised('timeout', 'ssl', ['timeout', 'Exception', 'BaseException', 'object']);
  assert.equal(matchException('TimeoutError', otherTimeout).matches, false);
});

test('on Python 3.8 and 3.9, a lesson that says TimeoutError starts by naming socket.timeout', () => {
  const step = '## Paso\n\nEspera y se rinde con `TimeoutError`.\n\n```python servidor\nx = 1\n```\n';
  const { lesson } = parseLesson(`${HEADER}Intro.\n\n${step}`, 'leccion.md');
  const old = applyVariantPlan(lesson!, { platform: 'linux', python: [3, 9, 18] });
  assert.match(old.intro, /^> \*\*En tu Python \(3\.9\)\*\*, la excepción que esta lección llama `TimeoutError` se imprime como `socket\.timeout`/);
  assert.match(old.intro, /Intro\.$/);
  assert.equal(applyVariantPlan(lesson!, { platform: 'linux', python: [3, 10, 0] }).intro, 'Intro.');
  // A lesson that already explains socket.timeout gets no second note.
  const explained = parseLesson(`${HEADER}Intro con \`socket.timeout\`.\n\n${step}`, 'leccion.md').lesson!;
  assert.equal(applyVariantPlan(explained, { platform: 'linux', python: [3, 8, 0] }).intro, 'Intro con `socket.timeout`.');
});

test('every shipped lesson reads clean on each platform and Python: no markers left, every error step still checks an error', async () => {
  const { loadLessons } = await import('../../src/lessons/load-lessons.js');
  const lessons = await loadLessons();
  const notes = { linux: 0, darwin: 0, win32: 0 } as Record<string, number>;
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    for (const python of [[3, 8], [3, 13]]) {
      for (const lesson of lessons) {
        const here = applyVariantPlan(lesson, { platform, python });
        for (const [index, step] of here.steps.entries()) {
          const where = `${lesson.folder} paso ${step.number} (${platform}, ${python.join('.')})`;
          for (const text of [step.explanation, step.after]) assert.doesNotMatch(text, /^:::/m, where);
          const original = lesson.steps[index]!;
          // A step that expects an exception on some platforms expects one (or none) on each: every
          // platform-scoped error check has a sibling for the others, unless the step ends cleanly there.
          if (original.checks.some((check) => check.kind === 'error' && !check.only)) {
            assert.ok(step.checks.some((check) => check.kind === 'error'), `${where}: no error check left for this platform`);
          }
        }
        if (python[0] === 3 && python[1] === 13) notes[platform] = (notes[platform] ?? 0) + here.steps.filter((step, index) => step.explanation !== lesson.steps[index]!.explanation || step.after !== lesson.steps[index]!.after).length;
      }
    }
  }
  // Each platform reads notes of its own somewhere.
  for (const platform of Object.keys(notes)) assert.ok(notes[platform]! > 5, `${platform}: ${notes[platform]} steps with notes`);
});
