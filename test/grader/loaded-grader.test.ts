import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadExercises } from '../../src/grader/exercise-content.js';
import type { GraderEvent } from '../../src/grader/types.js';
import { assertFailsWith, assertPasses, gradeChecked } from './grade-helpers.js';

/**
 * A loaded machine stalls the grader itself (its process is not scheduled, or another grading in
 * the same process runs): here the grader's own thread is blocked, once, at the steps where its
 * timing is part of a statement's limit. A right program must still pass (the grader repeats
 * what it did late), and a wrong one must still fail with its cause.
 */
const exercises = new Map((await loadExercises()).map((exercise) => [exercise.id, exercise]));

/** Blocks this thread for `ms`, as a stalled grader is. */
function stall(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Stalls the grader once at the first step starting with each of `stalls`' keys; records every step. */
function stallingAt(stalls: Record<string, number>): { onEvent: (event: GraderEvent) => void; steps: { test: string; step: string }[] } {
  const pending = new Map(Object.entries(stalls));
  const steps: { test: string; step: string }[] = [];
  return {
    steps,
    onEvent(event) {
      if (event.type !== 'step') return;
      steps.push({ test: event.name, step: event.step });
      for (const [start, ms] of pending) {
        if (!event.step.startsWith(start)) continue;
        pending.delete(start);
        stall(ms);
      }
    },
  };
}

/** Stalls the grader for `ms` every `everyMs` while `body` runs, as a loaded machine does at random. */
async function stallingEvery<T>(everyMs: number, ms: number, body: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => stall(ms), everyMs);
  try {
    return await body();
  } finally {
    clearInterval(timer);
  }
}

describe('con el propio taller atascado (una computadora cargada)', () => {
  const robusto = exercises.get('cliente-robusto')!;
  // Longer than the 2 s limit (and than the backoff left when the grader listens again).
  const STALLS = { 'respondo «Buenas': 2500, 'respondo «Perdón': 2500, 'envío media respuesta': 2500, 'vuelvo a escuchar': 3500 };

  it('cliente-robusto: la solución pasa aunque mi respuesta (o mi vuelta a escuchar) salga tarde', async () => {
    const watch = stallingAt(STALLS);
    const result = await gradeChecked(robusto.tester, robusto.solutionFile, { port: 'libre', onEvent: watch.onEvent });
    assertPasses(result);
    // Each stalled exchange was repeated, none of the others.
    const repeated = new Set(watch.steps.filter(({ step }) => step.includes('lo repito')).map(({ test }) => test));
    assert.deepEqual([...repeated].sort(), [
      'envía «HOLA» e imprime «respuesta: <línea>»',
      'espera una respuesta lenta que llega dentro del límite de 2 s',
      'si el servidor aún no escucha, reintenta con esperas crecientes (hasta 5 intentos) y se conecta',
      'si el servidor corta la conexión a mitad de la respuesta, imprime «error: conexión reiniciada»',
    ]);
  });

  it('cliente-robusto: los programas erróneos siguen fallando por su causa con el taller atascado', async () => {
    for (const program of robusto.wrongPrograms) {
      const result = await gradeChecked(robusto.tester, program.file, { port: 'libre', onEvent: stallingAt(STALLS).onEvent });
      assertFailsWith(result, program.expects, program.failingTest);
    }
  });

  const ping = exercises.get('ping-udp-fiable')!;

  it('ping-udp-fiable: con el taller atascándose a ratos, la solución pasa y cada programa erróneo falla por su causa', () =>
    // The intervals between the client's sends are judged by its own clock, never by when the grader saw them.
    stallingEvery(300, 450, async () => {
      assertPasses(await gradeChecked(ping.tester, ping.solutionFile, { port: 'libre' }));
      for (const program of ping.wrongPrograms) {
        assertFailsWith(await gradeChecked(ping.tester, program.file, { port: 'libre' }), program.expects, program.failingTest);
      }
    }));
});
