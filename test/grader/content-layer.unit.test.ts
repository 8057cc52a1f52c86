import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadExercises, readExercises } from '../../src/grader/exercise-content.js';
import { listExercises } from '../../src/cli/course/exercise-list.js';
import { buildCourse } from '../../src/cli/course/course.js';
import { lessonIndex, loadLessons, shippedLessonsDir } from '../../src/lessons/load-lessons.js';
import { shippedContent } from '../../src/lessons/content-folders.js';
import { ContentFormatError, describeProblem } from '../../src/lessons/format-error.js';
import { writeExercise } from '../helpers/exercise-folder.js';

const emptyProgress = { version: 1, lessons: {}, exercises: {} } as const;

describe('una sola capa de contenido', () => {
  it('ejercicios, el menú y progreso ven el mismo curso, cada ejercicio tras su lección', async () => {
    const exercises = await loadExercises();
    const listed = await listExercises(shippedContent());
    assert.deepEqual(listed.map((entry) => entry.id), exercises.map((exercise) => exercise.id));
    assert.deepEqual(exercises.map((exercise) => exercise.number), exercises.map((_, index) => index + 1));
    const lessons = await loadLessons();
    const course = buildCourse(lessons, listed, { ...emptyProgress });
    const lessonIds = lessons.map((lesson) => lesson.id);
    for (const exercise of exercises) {
      assert.ok(exercise.lesson, `${exercise.id} dice qué lección practica (leccion:)`);
      const at = course.items.findIndex((item) => item.kind === 'exercise' && item.id === exercise.id);
      const lessonAt = course.items.findIndex((item) => item.kind === 'lesson' && item.id === exercise.lesson);
      assert.ok(lessonAt >= 0 && at > lessonAt, `${exercise.id} va después de la lección ${exercise.lesson}`);
      // Nothing but exercises of the same lesson between the lesson and the exercise.
      for (const item of course.items.slice(lessonAt + 1, at)) assert.equal(item.kind, 'exercise');
      const next = lessonIds[lessonIds.indexOf(exercise.lesson) + 1];
      if (next) assert.ok(at < course.items.findIndex((item) => item.id === next), `${exercise.id} va antes de la lección ${next}`);
    }
    assert.equal(course.next, course.items[0], '«Siguiente» es lo primero sin hacer');
    const done = { ...emptyProgress, lessons: { [lessonIds[0]!]: { done: true, lastStep: 1, updatedAt: '' } } };
    assert.deepEqual(buildCourse(lessons, listed, done).next?.id, course.items[1]!.id);
  });

  it('el índice de lecciones sale del front matter, en orden', async () => {
    assert.deepEqual(lessonIndex().map((lesson) => lesson.id), (await loadLessons()).map((lesson) => lesson.id));
  });

  it('cada error de ejercicio.yaml dice archivo, línea y campo, en español', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-contenido-'));
    writeExercise(dir, '01-bien', 'bien', 'Bien');
    writeExercise(dir, '02-mal', 'mal', 'Mal');
    writeFileSync(
      join(dir, '02-mal', 'ejercicio.yaml'),
      'id: mal\ntitulo: Mal\nleccion: tcp-es-un-flujoo\npruebas: eco-tcp\npistaz: [x]\npistas:\n  - Una\nreglas:\n  - regla: Devuelve todo\n    prueba: no existe esta prueba\n',
    );
    writeExercise(dir, '03-sin-pruebas', 'sin-pruebas', 'Sin pruebas', 'no-hay-tal');
    const { exercises, problems } = await readExercises(dir);
    assert.deepEqual(exercises.map((exercise) => exercise.id), ['bien']);
    const text = problems.map(describeProblem).join('\n');
    assert.match(text, /02-mal\/ejercicio\.yaml:3: campo «leccion»: no hay ninguna lección «tcp-es-un-flujoo» \(¿quisiste decir «tcp-es-un-flujo»\?\)/);
    assert.match(text, /02-mal\/ejercicio\.yaml:5: campo «pistaz»: clave desconocida \(¿quisiste decir «pistas»\?\)/);
    assert.match(text, /02-mal\/ejercicio\.yaml:9: campo «reglas»: ninguna prueba se llama «no existe esta prueba»/);
    assert.match(text, /03-sin-pruebas\/ejercicio\.yaml:3: campo «pruebas»: no hay pruebas «no-hay-tal»/);
    await assert.rejects(loadExercises({ lessons: [shippedLessonsDir()], exercises: [dir] }), ContentFormatError);
  });

  it('un ejercicio sin lección va después de todas las lecciones; los de una misma lección, en orden de carpeta', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-contenido-'));
    writeExercise(dir, '01-al-final', 'al-final', 'Al final');
    writeExercise(dir, '02-b', 'b', 'B');
    writeExercise(dir, '03-a', 'a', 'A');
    for (const [folder, lesson] of [['02-b', 'tcp-es-un-flujo'], ['03-a', 'bind']] as const) {
      writeFileSync(join(dir, folder, 'ejercicio.yaml'), `id: ${folder.slice(3)}\ntitulo: X\nleccion: ${lesson}\npruebas: eco-tcp\npistas: [una]\n`);
    }
    assert.deepEqual((await readExercises(dir)).exercises.map((exercise) => `${exercise.number}:${exercise.id}`), ['1:a', '2:b', '3:al-final']);
  });
});
