import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { tempHome } from '../helpers/cli.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';
import { startWorker, killWorker } from './worker-process.js';

function setup(): { home: string; env: NodeJS.ProcessEnv; marker: string; file: string } {
  const home = tempHome();
  const leak = leakMarker();
  return { home, env: { ...leak.env, TALLER_SOCKETS_HOME: home }, marker: leak.value, file: join(home, 'progreso.json') };
}

interface Saved {
  version: number;
  lessons: Record<string, { done: boolean; lastStep: number }>;
}

test('matar con SIGKILL a quien guarda deja siempre el estado viejo o el nuevo, nunca uno roto', async () => {
  const { home, env, marker, file } = setup();
  const ENTRIES = 1500;
  let lastGeneration = 0;
  for (let round = 0; round < 12; round++) {
    const writer = startWorker('write-loop-worker.ts', [String(ENTRIES)], env);
    try {
      // Let it save a few states (each one a whole, consistent generation), then kill it at a
      // different moment each round: often in the middle of writing or holding the lock.
      const target = lastGeneration + 2 + round;
      await writer.waitForLine((line) => Number(line) >= target);
      await new Promise((resolve) => setTimeout(resolve, round % 4));
    } finally {
      await killWorker(writer);
    }
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
    assert.equal(saved.version, 1);
    const generations = new Set(Object.values(saved.lessons).map((entry) => entry.lastStep));
    assert.equal(Object.keys(saved.lessons).length, ENTRIES, `round ${round}: every entry present`);
    assert.equal(generations.size, 1, `round ${round}: one generation only, not a mix`);
    const [generation] = [...generations];
    // Old or new: never older than the last state the writer reported as saved.
    const reported = Math.max(...writer.lines.map(Number));
    assert.ok(generation! === reported || generation! === reported + 1, `round ${round}: generation ${generation} vs reported ${reported}`);
    lastGeneration = generation!;
  }
  assert.equal(readdirSync(home).filter((name) => name.includes('corrupto')).length, 0, 'nothing was ever judged corrupt');
  // The next writer starts at once despite a lock or temporary files left by a killed one, and cleans them up.
  const after = startWorker('update-worker.ts', ['final', '1'], env);
  await after.waitForLine((line) => line === 'listo');
  await after.exited;
  const leftovers = readdirSync(home).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock'));
  assert.deepEqual(leftovers, []);
  assert.deepEqual(await survivingProcesses(marker), []);
});

test('varios procesos actualizando a la vez no pierden ninguna actualización', async () => {
  const { env, marker, file } = setup();
  const PROCESSES = 6;
  const UPDATES = 30;
  const workers = Array.from({ length: PROCESSES }, (_, i) => startWorker('update-worker.ts', [`p${i}`, String(UPDATES)], env));
  try {
    const results = await Promise.all(workers.map((worker) => worker.exited));
    for (const [i, result] of results.entries()) assert.equal(result.code, 0, workers[i]!.stderr());
  } finally {
    await Promise.all(workers.map(killWorker));
  }
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
  assert.equal(saved.lessons.contador!.lastStep, PROCESSES * UPDATES, 'the shared counter saw every increment');
  for (let i = 0; i < PROCESSES; i++) {
    for (let k = 0; k < UPDATES; k++) assert.ok(saved.lessons[`p${i}-${k}`], `update p${i}-${k} is there`);
  }
  assert.deepEqual(await survivingProcesses(marker), []);
});

test('un proceso que muere con el cerrojo en la mano no bloquea a los demás', async () => {
  const { env, marker, file } = setup();
  const holder = startWorker('hold-lock-worker.ts', [], env);
  try {
    await holder.waitForLine((line) => line === 'tengo el cerrojo');
    assert.ok(existsSync(`${file}.lock`));
    assert.equal(JSON.parse(readFileSync(`${file}.lock`, 'utf8')).pid, holder.child.pid);
  } finally {
    await killWorker(holder);
  }
  // Several processes at once find the dead holder's lock: one breaks it, none breaks a live one.
  const workers = Array.from({ length: 4 }, (_, i) => startWorker('update-worker.ts', [`q${i}`, '10'], env));
  const results = await Promise.all(workers.map((worker) => worker.exited));
  for (const [i, result] of results.entries()) assert.equal(result.code, 0, workers[i]!.stderr());
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
  assert.equal(saved.lessons.contador!.lastStep, 40);
  assert.equal(saved.lessons.retenida, undefined, 'the killed holder saved nothing');
  assert.equal(existsSync(`${file}.lock`), false);
  assert.deepEqual(await survivingProcesses(marker), []);
});

test('quien espera el cerrojo de un proceso vivo entra cuando este lo suelta', async () => {
  const { env, marker, file } = setup();
  const holder = startWorker('hold-lock-worker.ts', [], env);
  let waiter: ReturnType<typeof startWorker> | undefined;
  try {
    await holder.waitForLine((line) => line === 'tengo el cerrojo');
    waiter = startWorker('update-worker.ts', ['w', '1'], env);
    await waiter.waitForLine((line) => line === 'empiezo');
    // A moment for the waiter to reach the lock (not a measurement: if it read the file without
    // waiting, the holder's later write would erase its update, and the final check would fail).
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(waiter.child.exitCode, null, 'the waiter does not pass a live lock');
    holder.child.stdin!.end('x');
    await holder.waitForLine((line) => line === 'soltado');
    const result = await waiter.exited;
    assert.equal(result.code, 0, waiter.stderr());
  } finally {
    await killWorker(holder);
    if (waiter) await killWorker(waiter);
  }
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
  assert.equal(saved.lessons.retenida!.lastStep, 1);
  assert.equal(saved.lessons.contador!.lastStep, 1);
  assert.deepEqual(await survivingProcesses(marker), []);
});

test('un cerrojo de un pid que ya no existe se rompe al momento', async () => {
  const { env, file } = setup();
  const gone = spawnSync('true');
  writeFileSync(`${file}.lock`, JSON.stringify({ pid: gone.pid, host: hostname(), token: 'muerto', since: new Date().toISOString() }));
  const worker = startWorker('update-worker.ts', ['x', '1'], env);
  assert.equal((await worker.exited).code, 0, worker.stderr());
  assert.equal(existsSync(`${file}.lock`), false);
});
