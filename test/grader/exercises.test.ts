import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadExercises } from '../../src/grader/exercise-content.js';
import { TESTERS } from '../../src/grader/testers/index.js';
import { assertPasses, firstFailure, gradeChecked } from './grade-helpers.js';

const exercises = await loadExercises();
// In course order: each exercise right after the lesson it practises.
const IDS = ['servidor-tcp', 'cliente-tcp', 'cliente-udp', 'servidor-udp', 'eco-tcp', 'cliente-hasta-el-cierre', 'protocolo-de-lineas', 'mensajes-con-longitud', 'eco-concurrente', 'eco-selectors', 'cliente-robusto', 'servidor-de-hora', 'ping-udp-fiable', 'doble-pila', 'subir-y-cerrar', 'mini-http', 'chat', 'chat-udp'];

describe('contenido de los ejercicios', () => {
  it('están todos, en el orden del curso, cada uno con sus pruebas', () => {
    assert.deepEqual(exercises.map((exercise) => exercise.id), IDS);
    assert.deepEqual(Object.keys(TESTERS).sort(), [...IDS].sort());
  });

  for (const exercise of exercises) {
    it(`${exercise.id}: el enunciado dice qué archivo escribir, cómo probarlo y cómo verificarlo`, () => {
      assert.match(exercise.statement, new RegExp(`\\*\\*\`${exercise.fileName}\`\\*\\*`));
      assert.match(exercise.statement, new RegExp(`python3 ${exercise.fileName}`));
      assert.match(exercise.statement, new RegExp(`taller-sockets verificar ${exercise.id}`));
      assert.match(exercise.statement, /PUERTO/);
      assert.ok(exercise.hints.length >= 2, 'al menos dos pistas');
      assert.ok(exercise.wrongPrograms.length >= 2, 'al menos dos programas erróneos conocidos');
    });

    it(`${exercise.id}: el archivo de partida no es la solución`, () => {
      assert.notEqual(exercise.starter.trim(), readFileSync(exercise.solutionFile, 'utf8').trim());
    });
  }
});

describe('solución de referencia y archivo de partida', { concurrency: 4 }, () => {
  for (const exercise of exercises) {
    it(`${exercise.id}: la solución pasa todas las pruebas`, async () => {
      const result = await gradeChecked(exercise.tester, exercise.solutionFile, { port: 'libre' });
      assertPasses(result);
      assert.deepEqual(result.tests.map((test) => test.name), exercise.tester.tests().map((test) => test.name));
    });

    it(`${exercise.id}: el archivo de partida falla`, async () => {
      const result = await gradeChecked(exercise.tester, `${exercise.dir}/inicio.py`, { port: 'libre' });
      const failed = firstFailure(result);
      assert.ok(failed, 'el archivo de partida no debe pasar');
      assert.ok(failed.message && failed.message.length > 20, 'con un mensaje que explique por qué');
    });
  }
});
