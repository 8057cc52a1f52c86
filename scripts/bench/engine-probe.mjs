// The engine figures of the benchmark, measured in one Node process with the real engine code
// (bundled by the bench with esbuild, like the CLI): kernel start vs `python -c pass`, and one
// step's round trip through LessonSession vs the kernel's raw round trip. Prints JSON on stdout.
// Usage (after bundling): node engine-probe.js <kernelPairs> <roundTripPairs>
import { createInterface } from 'node:readline';
import { Kernel, kernelScript } from '../../src/kernel/kernel-client.js';
import { resolvePython } from '../../src/system/python.js';
import { killGroup, spawnGroup } from '../../src/system/process-group.js';
import { parseLesson } from '../../src/lessons/parse-lesson.js';
import { LessonSession } from '../../src/engine/lesson-session.js';

const kernelPairs = Number(process.argv[2] ?? 10);
const roundTripPairs = Number(process.argv[3] ?? 100);
const WARMUP = Math.min(3, kernelPairs);
const TRIVIAL_CODE = 'x = 1';

const python = await resolvePython();

/** `python -c pass` with the real binary, spawned the way the engine spawns kernels. */
function pythonPass() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawnGroup(python.executable, ['-c', 'pass'], { stdio: 'ignore' });
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error('python -c pass did not finish in 15 s'));
    }, 15_000);
    child.once('error', reject);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(performance.now() - started);
    });
  });
}

async function kernelStart() {
  const kernel = new Kernel('bench');
  const started = performance.now();
  await withTimeout(kernel.start(), 15_000, 'kernel start');
  const ms = performance.now() - started;
  kernel.kill();
  return ms;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A kernel driven by hand: one exec request written on stdin, its `done` line read back. */
async function rawKernel() {
  const child = spawnGroup(python.executable, ['-I', '-u', kernelScript()], {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' },
  });
  const waiting = new Map();
  let ready;
  const readyPromise = new Promise((resolve) => (ready = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const event = JSON.parse(line);
    if (event.ev === 'ready') ready();
    else if (event.ev === 'done') waiting.get(event.id)?.(event);
  });
  await withTimeout(readyPromise, 15_000, 'raw kernel start');
  let nextId = 1;
  return {
    roundTrip() {
      const id = nextId++;
      const started = performance.now();
      return withTimeout(
        new Promise((resolve) => {
          waiting.set(id, () => {
            waiting.delete(id);
            resolve(performance.now() - started);
          });
          child.stdin.write(`${JSON.stringify({ id, op: 'exec', code: TRIVIAL_CODE, filename: '<bench>' })}\n`);
        }),
        5000,
        'raw round trip',
      );
    },
    close: () => killGroup(child),
  };
}

async function engineSession() {
  const text = ['---', 'id: bench', 'titulo: Bench', 'secciones: [Bench]', 'actores: [bench]', '---', '', '## Paso trivial', '',
    '```python bench', TRIVIAL_CODE, '```', ''].join('\n');
  const { lesson, problems } = parseLesson(text, '<bench>');
  if (!lesson) throw new Error(`bench lesson does not parse: ${JSON.stringify(problems)}`);
  // Checks excluded: the figure is the engine's own overhead around the kernel.
  const step = { ...lesson.steps[0], checks: [] };
  const session = await LessonSession.open({ ...lesson, steps: [step], ports: [] });
  return {
    async roundTrip() {
      const started = performance.now();
      const run = await session.runStep(step);
      const result = await withTimeout(run.completion, 5000, 'session round trip');
      if (result.status !== 'pass') throw new Error(`trivial step did not pass: ${result.problem ?? result.status}`);
      return performance.now() - started;
    },
    close: () => session.close(),
  };
}

const kernel = { command: [], floor: [] };
for (let i = 0; i < WARMUP + kernelPairs; i++) {
  const floor = await pythonPass();
  const command = await kernelStart();
  if (i < WARMUP) continue;
  kernel.floor.push(floor);
  kernel.command.push(command);
}

const raw = await rawKernel();
const session = await engineSession();
const roundTrip = { command: [], floor: [] };
try {
  const warmup = Math.min(20, roundTripPairs);
  for (let i = 0; i < warmup + roundTripPairs; i++) {
    const floor = await raw.roundTrip();
    const command = await session.roundTrip();
    if (i < warmup) continue;
    roundTrip.floor.push(floor);
    roundTrip.command.push(command);
  }
} finally {
  raw.close();
  await session.close();
}

process.stdout.write(`${JSON.stringify({ python: python.executable, pythonVersion: python.version.join('.'), kernel, roundTrip })}\n`);
