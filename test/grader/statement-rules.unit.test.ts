import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadExercises } from '../../src/grader/exercise-content.js';
import { rulesWithoutTest, statementRules } from '../../src/grader/statement-rules.js';

/** The exercises of the document (01-06): their testers quote every rule. Later ones may adopt it (see statement-rules.ts). */
const DOCUMENT_EXERCISES = ['servidor-tcp', 'cliente-tcp', 'cliente-udp', 'servidor-udp', 'eco-tcp', 'eco-concurrente'];

const exercises = await loadExercises();

describe('cada regla del enunciado tiene su prueba', () => {
  for (const exercise of exercises.filter((candidate) => DOCUMENT_EXERCISES.includes(candidate.id))) {
    it(`${exercise.id}: ninguna regla sin prueba, ninguna prueba cita una regla que no está`, () => {
      assert.ok(statementRules(exercise.statement).length >= 4, 'el enunciado enumera sus reglas');
      assert.deepEqual(rulesWithoutTest(exercise.statement, exercise.tester.tests()), { untested: [], misquoted: [] });
    });
  }

  it('lo detecta: una regla que ninguna prueba cita, y una cita que el enunciado no tiene', () => {
    const statement = '# X\n\n## Qué debe hacer tu programa\n\n1. Escuchar en **HOST**:`PUERTO`.\n2. Responder a\n   cada mensaje.\n\n## Archivo\n\n3. no es regla\n';
    assert.deepEqual(statementRules(statement), ['Escuchar en HOST:PUERTO.', 'Responder a cada mensaje.']);
    const coverage = rulesWithoutTest(statement, [
      { name: 'escucha', rule: 'Escuchar en HOST:PUERTO' },
      { name: 'vieja', rule: 'Responder solo al primero' },
    ]);
    assert.deepEqual(coverage, { untested: ['Responder a cada mensaje.'], misquoted: [{ test: 'vieja', rule: 'Responder solo al primero' }] });
  });
});
