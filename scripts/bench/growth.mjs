// How the cost of the workshop grows with its work, not only what one point costs: calificar with
// more submissions, a lesson with more steps, verificar of an echo with more bytes. Each series
// gives the time per unit at every size and the peak memory, and the exponent k of time ~ size^k
// between its smallest and largest size: a fixed start-up cost plus a linear part gives k <= 1
// (the start-up is amortised), so k above MAX_EXPONENT means it grows faster than linear.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, round, sample } from './measure.mjs';

/** Above 1 for measurement noise: two runs of a linear cost rarely differ by more. */
export const MAX_EXPONENT = 1.1;

/** The sizes measured: the issue's in a full run, small ones in --quick (the code path, not numbers). */
export function growthPlan(quick) {
  return quick
    ? { runs: 1, submissions: [2, 4], steps: [3, 6], echoBytes: [1024, 64 * 1024] }
    : { runs: 3, submissions: [10, 30, 100], steps: [10, 100], echoBytes: [1024, 1024 * 1024, 16 * 1024 * 1024] };
}

/**
 * `measure(size)` resolves with `{ ms, rssKiB? }` or `{ error }`; it runs `runs` times per size and
 * the median is kept. `perUnit` divides by the size (in `unitDivisor` units: MB for bytes).
 */
export async function measureSeries({ key, label, unit, sizes, runs, unitDivisor = 1, measure, log }) {
  const points = [];
  const failures = [];
  for (const size of sizes) {
    const times = [];
    const memory = [];
    for (let run = 0; run < runs; run++) {
      const outcome = await measure(size);
      if (outcome.error) failures.push(outcome.error);
      else {
        times.push(outcome.ms);
        if (outcome.rssKiB) memory.push(outcome.rssKiB);
      }
    }
    log?.(`  ${label}: ${size} → ${times.length ? `${median(times).toFixed(0)} ms` : 'sin muestras'}`);
    if (!times.length) continue;
    const ms = median(times);
    points.push({
      size,
      ms: round(ms, 1),
      perUnit: round(ms / (size / unitDivisor), 3),
      ...(memory.length ? { peakMiB: round(Math.max(...memory) / 1024, 1) } : {}),
    });
  }
  const series = { key, label, unit, points };
  if (failures.length) series.failures = [...new Set(failures)].slice(0, 5);
  if (points.length >= 2) {
    const [first, last] = [points[0], points.at(-1)];
    series.exponent = round(Math.log(last.ms / first.ms) / Math.log(last.size / first.size), 3);
    series.superlinear = series.exponent > MAX_EXPONENT;
  } else {
    series.error = failures[0] ?? 'menos de dos tamaños medidos';
  }
  return series;
}

/** A lesson of `steps` trivial steps (one actor, `x = i`, each checked), written into its own folder. */
export function writeTrivialLesson(root, steps) {
  const folder = join(root, `pasos-${steps}`, '01-pasos');
  mkdirSync(folder, { recursive: true });
  const id = `pasos-${steps}`;
  const body = [
    '---',
    `id: ${id}`,
    `titulo: ${steps} pasos triviales`,
    'secciones: ["Más allá del documento: medir el motor"]',
    'extra: true',
    'actores: [servidor]',
    '---',
    'Una lección para medir cuánto cuesta cada paso.',
    '',
  ];
  for (let index = 1; index <= steps; index++) {
    body.push(`## Paso ${index}`, '', 'Asigna un número.', '', '```python servidor', `x = ${index}`, 'print(x)', '```', '', '```comprobar', `- salida: "${index}"`, '```', '');
  }
  writeFileSync(join(folder, 'leccion.md'), body.join('\n'));
  return { dir: join(root, `pasos-${steps}`), id };
}

/** A class folder of `count` copies of one program. */
export function writeClass(root, count, program) {
  const folder = mkdtempSync(join(root, `clase-${count}-`));
  for (let index = 1; index <= count; index++) copyFileSync(program, join(folder, `entrega-${String(index).padStart(3, '0')}.py`));
  return folder;
}

/** Reads the peak RSS the preload wrote (KiB), or undefined. */
export function readPeak(file) {
  if (!existsSync(file)) return undefined;
  const kib = Number(readFileSync(file, 'utf8'));
  rmSync(file, { force: true });
  return Number.isFinite(kib) && kib > 0 ? kib : undefined;
}

/** Runs every series of the growth section. `run(args, options)` times one CLI run (with the RSS preload). */
export async function measureGrowth({ quick, cliRun, probeRun, solutions, log }) {
  const plan = growthPlan(quick);
  const scratch = mkdtempSync(join(tmpdir(), 'taller-sockets-bench-growth-'));
  try {
    const series = {};
    if (solutions.servidorTcp) {
      log(`Crecimiento: calificar con ${plan.submissions.join(', ')} entregas...`);
      series.calificar = await measureSeries({
        key: 'calificar',
        label: 'calificar, por entrega',
        unit: 'entrega',
        sizes: plan.submissions,
        runs: Math.min(plan.runs, 2),
        log,
        measure: async (count) => {
          const folder = writeClass(scratch, count, solutions.servidorTcp);
          try {
            return await cliRun(['calificar', folder, '--ejercicio', 'servidor-tcp'], { timeoutMs: 60_000 + count * 5_000, what: 'calificar' });
          } finally {
            rmSync(folder, { recursive: true, force: true });
          }
        },
      });
    }
    log(`Crecimiento: lecciones de ${plan.steps.join(' y ')} pasos...`);
    series.lessonSteps = await measureSeries({
      key: 'lessonSteps',
      label: 'leccion --auto, por paso',
      unit: 'paso',
      sizes: plan.steps,
      runs: plan.runs,
      log,
      measure: (steps) => {
        const lesson = writeTrivialLesson(scratch, steps);
        return cliRun(['--lecciones', lesson.dir, 'leccion', lesson.id, '--auto'], { timeoutMs: 30_000 + steps * 1_000, what: `leccion de ${steps} pasos` });
      },
    });
    if (solutions.ecoTcp) {
      log(`Crecimiento: verificar de un eco con ${plan.echoBytes.map(bytesText).join(', ')}...`);
      series.echoBytes = await measureSeries({
        key: 'echoBytes',
        label: 'verificar de un eco, por MB',
        unit: 'MB',
        unitDivisor: 1024 * 1024,
        sizes: plan.echoBytes,
        runs: plan.runs,
        log,
        measure: (bytes) => probeRun(solutions.ecoTcp, bytes),
      });
    }
    return series;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function bytesText(bytes) {
  if (bytes >= 1024 * 1024) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024) return `${bytes / 1024} KB`;
  return `${bytes} B`;
}

/** A timed run as a growth sample: its time plus the peak memory its preload left. */
export function growthSample(result, what, rssFile) {
  const outcome = sample(result, what);
  const rssKiB = readPeak(rssFile);
  return outcome.error ? outcome : { ms: outcome.ms, rssKiB };
}

/** The growth section as text lines under the main table. */
export function renderGrowth(growth) {
  const lines = ['', `Crecimiento (coste por unidad en cada tamaño; tiempo ~ tamaño^k, se marca si k > ${MAX_EXPONENT}):`];
  for (const series of Object.values(growth ?? {})) {
    if (series.error) {
      lines.push(`  ${series.label}: error: ${series.error}`);
      continue;
    }
    const points = series.points
      .map((point) => {
        const size = series.unit === 'MB' ? bytesText(point.size) : `${point.size}`;
        const memory = point.peakMiB === undefined ? '' : `, pico ${point.peakMiB} MiB`;
        return `${size}: ${Number(point.perUnit.toPrecision(3))} ms/${series.unit}${memory}`;
      })
      .join(' · ');
    const verdict = series.superlinear ? `CRECE MÁS QUE LINEAL (k = ${series.exponent})` : `lineal o mejor (k = ${series.exponent})`;
    lines.push(`  ${series.label}: ${points} → ${verdict}`);
  }
  return lines.join('\n');
}
