import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLesson } from '../../src/lessons/parse-lesson.js';
import { describeProblem } from '../../src/lessons/format-error.js';

const HEADER = '---\nid: ejemplo\ntitulo: Ejemplo\nsecciones: [Ejemplo]\nactores: [servidor]\n---\n';
const STEP = '## Paso\n\n```python servidor\nimport socket\n```\n';

function problemsOf(text: string): string[] {
  return parseLesson(text, 'leccion.md').problems.map((problem) => `${problem.line}|${problem.field ?? ''}|${problem.message}`);
}

test('a valid lesson parses into steps with actor, code, checks and line numbers', () => {
  const { lesson, problems } = parseLesson(`${HEADER}Intro.\n\n${STEP}\n\`\`\`comprobar\n- salida: hola\n\`\`\`\n\nDespués.\n`, 'leccion.md');
  assert.deepEqual(problems, []);
  assert.equal(lesson!.intro, 'Intro.');
  assert.equal(lesson!.steps.length, 1);
  const step = lesson!.steps[0]!;
  assert.equal(step.actor, 'servidor');
  assert.equal(step.code, 'import socket');
  assert.equal(step.line, 9);
  assert.equal(step.codeLine, 12);
  assert.equal(step.after, 'Después.');
  assert.deepEqual(step.checks.map((check) => check.kind), ['output']);
  assert.equal(step.checks[0]!.line, 16);
});

test('display-only code fences stay in the explanation and are not run', () => {
  const { lesson } = parseLesson(`${HEADER}## Paso\n\nMira:\n\n\`\`\`python\nprint(1)\n\`\`\`\n\n\`\`\`python servidor\nx = 1\n\`\`\`\n`, 'leccion.md');
  assert.match(lesson!.steps[0]!.explanation, /print\(1\)/);
  assert.equal(lesson!.steps[0]!.code, 'x = 1');
});

test('the document ports used in code are detected for substitution', () => {
  const { lesson } = parseLesson(`${HEADER}## Paso\n\n\`\`\`python servidor\nPORT = 65432\n\`\`\`\n`, 'leccion.md');
  assert.deepEqual(lesson!.ports, [{ port: 65432, protocol: 'tcp' }]);
});

const CASES: Array<{ name: string; text: string; expect: RegExp }> = [
  { name: 'no front matter', text: STEP, expect: /^1\|\|falta la cabecera YAML/ },
  { name: 'unclosed front matter', text: '---\nid: x\n', expect: /^1\|\|la cabecera YAML no se cierra/ },
  { name: 'missing id', text: HEADER.replace('id: ejemplo\n', '') + STEP, expect: /\|id\|falta/ },
  { name: 'bad id', text: HEADER.replace('id: ejemplo', 'id: Mi Lección') + STEP, expect: /^2\|id\|«Mi Lección» no es válido/ },
  { name: 'misspelled key', text: HEADER.replace('titulo:', 'título:') + STEP, expect: /^3\|título\|clave desconocida \(¿quisiste decir «titulo»\?\)/ },
  { name: 'actors not a list', text: HEADER.replace('actores: [servidor]', 'actores: servidor') + STEP, expect: /^5\|actores\|debe ser una lista/ },
  { name: 'bad YAML', text: HEADER.replace('titulo: Ejemplo', 'titulo: "Ejemplo') + STEP, expect: /YAML no válido/ },
  { name: 'no steps', text: HEADER + 'Solo texto.\n', expect: /no tiene pasos/ },
  { name: 'step without code', text: `${HEADER}## Paso\n\nTexto.\n`, expect: /^7\|\|paso 1 \(«Paso»\): falta el código/ },
  { name: 'two code blocks', text: `${HEADER}## Paso\n\n\`\`\`python servidor\na=1\n\`\`\`\n\n\`\`\`python servidor\nb=2\n\`\`\`\n`, expect: /^13\|\|paso 1 \(«Paso»\): tiene 2 bloques/ },
  { name: 'unknown actor', text: `${HEADER}## Paso\n\n\`\`\`python servidr\na=1\n\`\`\`\n`, expect: /^9\|actor\|«servidr» no está en «actores».*¿quisiste decir «servidor»\?/ },
  { name: 'unclosed fence', text: `${HEADER}## Paso\n\n\`\`\`python servidor\na=1\n`, expect: /^9\|\|este bloque de código no se cierra/ },
  { name: 'unknown check', text: `${HEADER}${STEP}\n\`\`\`comprobar\n- salidda: hola\n\`\`\`\n`, expect: /^14\|salidda\|no es un tipo de comprobación \(¿quisiste decir «salida»\?\)/ },
  { name: 'bad family', text: `${HEADER}${STEP}\n\`\`\`comprobar\n- socket: s\n  familia: AF_INET4\n\`\`\`\n`, expect: /^15\|familia\|«AF_INET4» no es válido \(¿quisiste decir «AF_INET»\?\)/ },
  { name: 'bad port', text: `${HEADER}${STEP}\n\`\`\`comprobar\n- sonda: tcp\n  puerto: 70000\n  espera: conecta\n\`\`\`\n`, expect: /^15\|puerto\|«70000» no es un puerto/ },
  { name: 'bad probe expectation', text: `${HEADER}${STEP}\n\`\`\`comprobar\n- sonda: udp\n  puerto: 9999\n  espera: conecta\n\`\`\`\n`, expect: /^16\|espera\|«conecta» no es válido.*llega, rechaza/ },
  { name: 'bad boolean', text: `${HEADER}${STEP}\n\`\`\`comprobar\n- socket: s\n  escuchando: si\n\`\`\`\n`, expect: /^15\|escuchando\|debe ser true o false/ },
  { name: 'bad tcp state', text: `${HEADER}${STEP}\n\`\`\`comprobar\n- estado_tcp: LISTENING\n  local: 65432\n\`\`\`\n`, expect: /^14\|estado_tcp\|«LISTENING» no es válido \(¿quisiste decir «LISTEN»\?\)/ },
  { name: 'field of another kind', text: `${HEADER}${STEP}\n\`\`\`comprobar\n- salida: hola\n  familia: AF_INET\n\`\`\`\n`, expect: /^15\|familia\|no se admite en «salida»/ },
  { name: 'checks not a list', text: `${HEADER}${STEP}\n\`\`\`comprobar\nsalida: hola\n\`\`\`\n`, expect: /^14\|comprobar\|debe ser una lista YAML/ },
  { name: 'unused actor', text: HEADER.replace('[servidor]', '[servidor, cliente]') + STEP, expect: /^5\|actores\|el actor «cliente» no ejecuta ningún paso/ },
];

for (const { name, text, expect } of CASES) {
  test(`format error, with line and field: ${name}`, () => {
    const problems = problemsOf(text);
    assert.ok(problems.some((problem) => expect.test(problem)), `expected ${expect} in:\n${problems.join('\n')}`);
  });
}

test('a problem reads as file:line: campo «x»: message', () => {
  assert.equal(
    describeProblem({ file: `${process.cwd()}/lessons/01/leccion.md`, line: 7, field: 'familia', message: 'no vale' }),
    'lessons/01/leccion.md:7: campo «familia»: no vale',
  );
});

test('a broken header is reported once, not again by every step for its actor', () => {
  const text = HEADER.replace('titulo: Ejemplo', 'titulo: "Ejemplo') + STEP + STEP.replace('## Paso', '## Otro');
  const problems = problemsOf(text);
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0]!, /YAML no válido/);
});
