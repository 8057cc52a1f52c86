import { describe, it, type TestContext } from 'node:test';
import { loadExercises, type Exercise, type WrongProgram } from '../../src/grader/exercise-content.js';
import { withFixedPort } from '../helpers/fixed-port-lock.js';
import { assertFailsWith, busyOutsideTests, gradeChecked, occupyPort, strangerTookPort } from './grade-helpers.js';

/**
 * Every known-wrong program of every exercise (exercises/<nn>-<id>/errores/*.py) fails, in the
 * test it names, with the message its header promises. Programs that touch a document port
 * take that port's lock; "ocupar-puerto" ones run while another program holds the port.
 */
async function gradeWrong(t: TestContext, exercise: Exercise, program: WrongProgram): Promise<void> {
  const transport = exercise.tester.transport;
  const fixed = program.occupyPort ?? program.fixedPort;
  const run = async (): Promise<void> => {
    if (fixed && (await busyOutsideTests(t, transport, fixed))) return;
    if (program.occupyPort) {
      const release = await occupyPort(transport, program.occupyPort);
      try {
        const result = await gradeChecked(exercise.tester, program.file, { documentPortHeld: true });
        assertFailsWith(result, program.expects, program.failingTest);
      } finally {
        await release();
      }
      return;
    }
    // A program that uses the document's port by itself is graded there, as `verificar` does when it is free.
    const result = await gradeChecked(exercise.tester, program.file, fixed ? { documentPortHeld: true } : { port: 'libre' });
    if (fixed && strangerTookPort(t, result)) return;
    assertFailsWith(result, program.expects, program.failingTest);
  };
  await (fixed ? withFixedPort(fixed, run) : run());
}

const exercises = await loadExercises();

describe('programas erróneos conocidos', { concurrency: 4 }, () => {
  for (const exercise of exercises) {
    for (const program of exercise.wrongPrograms) {
      it(`${exercise.id}/${program.name}: ${program.expects[0]}`, (t) => gradeWrong(t, exercise, program));
    }
  }
});

describe('causas que solo se ven con los procesos del programa a la vista', () => {
  // In calificar's sandbox the program's processes are out of the grader's sight: the message then
  // says what was seen (the header above); on this computer it also names who keeps the connection.
  it('eco-concurrente/fork-sin-cerrar: el padre sigue teniendo su copia de conn', async () => {
    const exercise = exercises.find((candidate) => candidate.id === 'eco-concurrente')!;
    const program = exercise.wrongPrograms.find((candidate) => candidate.name === 'fork-sin-cerrar')!;
    const result = await gradeChecked(exercise.tester, program.file, { port: 'libre' });
    assertFailsWith(result, ['el proceso principal sigue teniendo abierta su copia de conn', 'conn.close()'], 'varios mensajes');
  });
});
