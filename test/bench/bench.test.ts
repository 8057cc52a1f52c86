import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { withFixedPort } from '../helpers/fixed-port-lock.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';

/** Every figure of `npm run bench`, as keys of its JSON. */
const FIGURES = ['help', 'lessons', 'firstScreen', 'kernelStart', 'stepRoundTrip', 'allLessonsAuto', 'verificar', 'verificarFresh', 'calificar', 'maxRss'];

interface Figure {
  key: string;
  label: string;
  floorLabel: string;
  available: boolean;
  reason?: string;
  error?: string;
  failures?: string[];
  value?: number;
  floor?: number;
  ratio?: number;
  runs?: number;
  goal?: { maxRatio?: number; maxValue?: number };
  meetsGoal?: boolean;
}

function runBench(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'bench.mjs'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`bench --quick did not finish in 110 s\n${stderr}`));
    }, 110_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Whether the grading commands and the reference solution they are measured on exist yet. */
async function commandExists(name: string): Promise<boolean> {
  const help = await runCli(['--help']);
  return new RegExp(`^\\s+(?:\\S+ )*?\\S*(?:taller-sockets|main\\.js) ${name}\\b`, 'm').test(help.stdout);
}

function solutionExists(): boolean {
  const dir = join(ROOT, 'exercises');
  return existsSync(dir) && readdirSync(dir).some((name) => name.includes('servidor-tcp') && existsSync(join(dir, name, 'solucion.py')));
}

test('bench --quick measures every figure against a floor from the same run, and leaves nothing running', async () => {
  const marker = leakMarker();
  // The bench runs lessons, which bind the document's ports when free: take their locks like the
  // lesson tests do (ascending order), so that no test finds them taken by the bench.
  const run = await withFixedPort(9999, () => withFixedPort(65432, () => runBench(['--quick', '--json'], marker.env)));
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(await survivingProcesses(marker.value), [], 'the bench left processes running');

  const report = JSON.parse(run.stdout) as {
    mode: string;
    figures: Record<string, Figure>;
    lessons: { count: number };
    growth: Record<string, { label: string; points: Array<{ size: number; ms: number; perUnit: number; peakMiB?: number }>; perUnitGrowth?: number; superlinear?: boolean; error?: string }>;
    exercises: Array<{ id: string; ms?: number; underGoal: boolean; failures?: string[] }>;
  };
  assert.equal(report.mode, 'quick');
  assert.deepEqual(Object.keys(report.figures).sort(), [...FIGURES].sort());
  assert.ok(report.lessons.count > 0, 'the bench found lessons to run');

  const pending: string[] = [];
  for (const key of FIGURES) {
    const figure = report.figures[key]!;
    assert.equal(figure.key, key);
    assert.ok(figure.label && figure.floorLabel, `${key} names what it measures and its floor`);
    if (!figure.available) {
      pending.push(key);
      continue;
    }
    assert.equal(figure.error, undefined, `${key}: ${figure.error} ${JSON.stringify(figure.failures ?? [])}`);
    for (const field of ['value', 'floor', 'ratio'] as const) {
      assert.ok(Number.isFinite(figure[field]) && figure[field]! > 0, `${key}.${field} is a positive number: ${figure[field]}`);
    }
    assert.ok(Math.abs(figure.ratio! - figure.value! / figure.floor!) < 0.01 * figure.ratio!, `${key}: ratio = value / floor`);
    assert.ok(figure.runs! >= 1, `${key} ran at least once`);
    if (figure.goal) assert.equal(typeof figure.meetsGoal, 'boolean', `${key} says whether it meets its goal`);
  }

  // Only the grading figures may be missing, and only while their command or exercise is missing.
  const gradingReady = (await commandExists('verificar')) && solutionExists();
  for (const key of pending) {
    assert.ok(['verificar', 'verificarFresh', 'calificar'].includes(key), `${key} must always be measured`);
    assert.match(report.figures[key]!.reason ?? '', /no disponible todavía/);
  }
  if (gradingReady) assert.ok(!pending.includes('verificar'), 'verificar exists and has a solution: it must be measured');
  if (gradingReady && (await commandExists('calificar'))) assert.ok(!pending.includes('calificar'), 'calificar exists: it must be measured');

  // Growth: every series measured at two sizes at least, the cost per unit and whether it grows
  // faster than linear; the peak memory of each run.
  const expectedSeries = gradingReady ? ['calificar', 'lessonSteps', 'echoBytes'] : ['lessonSteps'];
  for (const key of expectedSeries) {
    const series = report.growth[key];
    assert.ok(series, `growth series ${key}`);
    assert.equal(series.error, undefined, `${key}: ${series.error}`);
    assert.ok(series.points.length >= 2, `${key} measured at two sizes at least`);
    assert.ok(series.points[0]!.size < series.points.at(-1)!.size, `${key} grows in size`);
    for (const point of series.points) {
      assert.ok(point.ms > 0 && point.perUnit > 0, `${key}: positive times`);
      assert.ok(point.peakMiB !== undefined && point.peakMiB > 0, `${key}: peak memory measured`);
    }
    assert.equal(typeof series.superlinear, 'boolean');
    assert.ok(run.stderr.includes(series.label), `the growth table shows ${key}`);
  }
  if (gradingReady) {
    assert.ok(report.exercises.length >= 1, 'reference solutions are timed');
    for (const exercise of report.exercises) assert.ok(exercise.ms !== undefined && exercise.ms > 0, `${exercise.id}: ${exercise.failures?.join(' / ')}`);
  }

  // The table is printed too (stderr with --json), and the run is kept for the next comparison.
  for (const key of FIGURES) assert.ok(run.stderr.includes(report.figures[key]!.label), `the table shows ${key}`);
  const kept = JSON.parse(readFileSync(join(ROOT, '.bench', 'last-quick.json'), 'utf8')) as unknown;
  assert.deepEqual(kept, report);
});
