// `npm run bench`: how fast taller-sockets is, against floors measured in the same run (absolute
// times vary between machines; ratios hold). Public tools only: node, python3, the built CLI.
//
//   node scripts/bench.mjs            full run (a couple of minutes), table on stdout
//   node scripts/bench.mjs --json     the figures as JSON on stdout (the table goes to stderr)
//   node scripts/bench.mjs --quick    each figure once or twice (seconds): for the test, not for numbers
//   --no-build                        measure the bundle already built (dist/) instead of building it
//
// Every run is kept in .bench/last.json (the previous one in .bench/previous.json; quick runs in
// last-quick.json, so that tests never overwrite real figures) and the table shows the change
// since the previous run of the same mode.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli, bundleModule } from './build.mjs';
import { median, round, rounds, sample, timeCommand } from './bench/measure.mjs';
import { findBenchLessons, firstCodeMarker } from './bench/lessons.mjs';
import { renderTable } from './bench/report.mjs';
import { growthSample, measureGrowth, renderGrowth } from './bench/growth.mjs';
import { measureEachExercise, renderExercises } from './bench/exercises.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const asJson = args.has('--json');
const doBuild = !args.has('--no-build');
const benchStarted = performance.now();
const log = (text) => process.stderr.write(`[${((performance.now() - benchStarted) / 1000).toFixed(1).padStart(5)} s] ${text}\n`);
const out = asJson ? log : (text) => process.stdout.write(`${text}\n`);

const plan = quick
  ? { warmup: 0, runs: 1, kernelPairs: 2, roundTripPairs: 20, lessonRounds: 1, allLessons: false, verifyRuns: 1, gradeRuns: 1, submissions: 2, rssRuns: 1 }
  : { warmup: 1, runs: 7, kernelPairs: 15, roundTripPairs: 300, lessonRounds: 1, allLessons: true, verifyRuns: 5, gradeRuns: 2, submissions: 30, rssRuns: 3 };

const TIMEOUT = { start: 20_000, firstScreen: 30_000, lesson: 120_000, verify: 60_000, grade: 300_000, probe: 120_000 };

// --- build ------------------------------------------------------------------------------------
const work = join(ROOT, '.bench', quick ? 'quick' : 'full');
mkdirSync(work, { recursive: true });
// Quick runs (tests) build their own copy so they never disturb a dist/ someone is using.
const distDir = quick ? join(work, 'dist') : join(ROOT, 'dist');
if (doBuild) {
  log(`Construyendo el CLI en ${distDir}...`);
  await buildCli(distDir);
}
const cliEntry = join(distDir, 'cli', 'main.js');
if (!existsSync(cliEntry)) {
  log(`No existe ${cliEntry}: ejecuta «npm run build» o quita --no-build.`);
  process.exit(1);
}
const probeFile = join(work, 'probe', 'engine-probe.js');
await bundleModule(join(ROOT, 'scripts', 'bench', 'engine-probe.mjs'), probeFile);
const echoProbeFile = join(work, 'probe', 'echo-probe.js');
await bundleModule(join(ROOT, 'scripts', 'bench', 'echo-probe.mjs'), echoProbeFile);

// --- environment --------------------------------------------------------------------------------
const home = mkdtempSync(join(tmpdir(), 'taller-sockets-bench-'));
process.once('exit', () => rmSync(home, { recursive: true, force: true }));
const baseEnv = { ...process.env, TALLER_SOCKETS_HOME: home, CI: 'true', NO_COLOR: '1' };
delete baseEnv.FORCE_COLOR;
delete baseEnv.TALLER_SOCKETS_LECCIONES;
let found = findBenchLessons(ROOT);
Object.assign(baseEnv, found.env);
const preload = join(ROOT, 'scripts', 'bench', 'max-rss-preload.mjs');

const node = (nodeArgs, options = {}) =>
  timeCommand(process.execPath, nodeArgs, { env: baseEnv, cwd: ROOT, timeoutMs: TIMEOUT.start, ...options });
const cli = (cliArgs, options = {}) => node([cliEntry, ...cliArgs], options);
const nodeFloor = async () => sample(await node(['-e', '0']), 'node -e 0');

const figures = {};
function figure(key, label, floorLabel, goal, unit = 'ms') {
  figures[key] = { key, label, floorLabel, goal, unit, available: true };
  return figures[key];
}

/** Fills a figure from its samples: medians, the ratio, and whether it meets its goal. */
function settle(entry, commandSamples, floorValue, failures = []) {
  entry.runs = commandSamples.length;
  if (failures.length) entry.failures = [...new Set(failures)].slice(0, 5);
  if (!commandSamples.length || floorValue === undefined) {
    entry.error = entry.failures?.[0] ?? 'sin muestras';
    return;
  }
  const value = median(commandSamples);
  entry.value = round(value, 3);
  entry.floor = round(floorValue, 3);
  entry.ratio = round(value / floorValue, 3);
  entry.samples = commandSamples.map((ms) => round(ms, 2));
  if (entry.goal) {
    entry.meetsGoal = (entry.goal.maxRatio === undefined || value / floorValue <= entry.goal.maxRatio) &&
      (entry.goal.maxValue === undefined || value < entry.goal.maxValue);
  }
}

// Lessons being written may not load yet: the bench measures speed, so it falls back to the
// test fixture then (and says so) rather than failing every figure.
const loads = await cli(['lecciones', '--json']);
if (loads.code !== 0 && !found.env.TALLER_SOCKETS_LECCIONES) {
  const why = loads.stderr.trim().split('\n')[0] ?? '';
  found = findBenchLessons(ROOT, { fixtureOnly: true });
  found.source += ` (lessons/ no carga: ${why.trim().slice(0, 120)})`;
  Object.assign(baseEnv, found.env);
}
const firstLesson = found.lessons[0];
log(`Lecciones: ${found.source} (${found.lessons.length}). Modo ${quick ? 'rápido' : 'completo'}.`);

// --- 4-5: the engine, measured in one process with the real engine code ------------------------
// First: it also resolves Python once into the bench's data folder, as a first run of the CLI
// would, so that no CLI figure below includes that one-time cost.
const kernelStart = figure('kernelStart', 'arranque del kernel', 'python3 -c pass', { maxRatio: 1.2 });
const roundTrip = figure('stepRoundTrip', 'un paso trivial (runStep)', 'ida y vuelta cruda del kernel', { maxRatio: 3, maxValue: 2 });
log('Midiendo el motor (kernel y pasos)...');
const probeRun = await timeCommand(process.execPath, [probeFile, String(plan.kernelPairs), String(plan.roundTripPairs)], {
  env: baseEnv,
  cwd: ROOT,
  timeoutMs: TIMEOUT.probe,
});
let probe;
try {
  probe = JSON.parse(probeRun.stdout.trim().split('\n').pop());
} catch {
  const why = probeRun.timedOut ? 'no terminó a tiempo' : `falló (código ${probeRun.code}): ${probeRun.stderr.trim().split('\n').slice(-3).join(' / ')}`;
  kernelStart.error = roundTrip.error = `la sonda del motor ${why}`;
}
if (probe) {
  settle(kernelStart, probe.kernel.command, median(probe.kernel.floor));
  settle(roundTrip, probe.roundTrip.command, median(probe.roundTrip.floor));
}
const python = probe?.python;

// --- 1-3: start-up of the CLI, alternated with `node -e 0` --------------------------------------
const help = figure('help', 'taller-sockets --help', 'node -e 0', { maxRatio: 1.3 });
const list = figure('lessons', 'taller-sockets lecciones', 'node -e 0', { maxRatio: 1.5 });
const screen = figure('firstScreen', 'primera pantalla de leccion <id>', 'node -e 0', { maxRatio: 2 });
const marker = firstLesson && firstCodeMarker(firstLesson);
screen.lesson = firstLesson?.id;
const startTasks = {
  floorHelp: nodeFloor,
  help: async () => sample(await cli(['--help']), '--help'),
  floorLessons: nodeFloor,
  lessons: async () => sample(await cli(['lecciones']), 'lecciones'),
};
if (marker) {
  startTasks.floorFirstScreen = nodeFloor;
  startTasks.firstScreen = async () =>
    sample(await cli(['leccion', firstLesson.id], { timeoutMs: TIMEOUT.firstScreen, until: (text) => marker.test(text) }), 'leccion');
} else {
  screen.available = false;
  screen.reason = 'no hay lecciones con pasos';
}
log('Midiendo el arranque del CLI...');
const start = await rounds(startTasks, { ...plan, onProgress: (done, total) => log(`  ronda ${done}/${total}`) });
for (const [key, entry] of [['help', help], ['lessons', list], ['firstScreen', screen]]) {
  const measured = start.get(key);
  const floor = start.get(`floor${key[0].toUpperCase()}${key.slice(1)}`);
  if (measured) settle(entry, measured.samples, median(floor.samples), [...measured.failures, ...floor.failures]);
}

// --- 6: every lesson end to end, against the sum of their steps' own time -----------------------
const allLessons = figure('allLessonsAuto', plan.allLessons ? 'todas las lecciones --auto' : '1 lección --auto (modo rápido)',
  'suma del ms de sus pasos (--json)', { maxRatio: 1.3 });
const lessonsToRun = plan.allLessons ? found.lessons : found.lessons.slice(0, 1);
if (!lessonsToRun.length) {
  allLessons.available = false;
  allLessons.reason = 'no hay lecciones';
} else {
  log(`Ejecutando ${lessonsToRun.length} lección(es) con --auto...`);
  const walls = [];
  const stepSums = [];
  const failures = [];
  const statuses = {};
  for (let roundIndex = 0; roundIndex < plan.lessonRounds; roundIndex++) {
    let wall = 0;
    let steps = 0;
    let complete = true;
    for (const lesson of lessonsToRun) {
      const run = await cli(['leccion', lesson.id, '--auto', '--json'], { timeoutMs: TIMEOUT.lesson });
      let report;
      try {
        report = JSON.parse(run.stdout);
      } catch {
        failures.push(`${lesson.id}: ${run.timedOut ? 'no terminó a tiempo' : `sin JSON (código ${run.code}) ${run.stderr.trim().split('\n').pop() ?? ''}`}`);
        complete = false;
        continue;
      }
      statuses[lesson.id] = report.status;
      wall += run.ms;
      steps += report.steps.reduce((sum, step) => sum + step.ms, 0);
    }
    if (complete) {
      walls.push(wall);
      stepSums.push(steps);
    }
  }
  settle(allLessons, walls, median(stepSums), failures);
  allLessons.lessons = lessonsToRun.length;
  allLessons.statuses = statuses;
}

// --- 7-8: verificar and calificar, once those commands exist -----------------------------------
const verify = figure('verificar', 'verificar servidor-tcp', 'python3 -c pass + node -e 0', { maxRatio: 1.5 });
const verifyFresh = figure('verificarFresh', 'verificar servidor-tcp, carpeta de datos nueva', 'python3 -c pass + node -e 0', { maxRatio: 2 });
const grade = figure('calificar', `calificar de ${plan.submissions} entregas`, `${plan.submissions} x un verificar`, { maxRatio: 0.3 });
grade.submissions = plan.submissions;
grade.cores = cpus().length;
// A command exists when the main help lists it (`x --help` of an unknown x shows the main help).
const mainHelp = (await cli(['--help'])).stdout;
const hasCommand = (name) => new RegExp(`^\\s+(?:\\S+ )*?\\S*(?:taller-sockets|main\\.js) ${name}\\b`, 'm').test(mainHelp);
const solution = findSolution('servidor-tcp');
const NOT_YET = 'no disponible todavía';

if (!hasCommand('verificar')) {
  verify.available = verifyFresh.available = false;
  verify.reason = verifyFresh.reason = `${NOT_YET} (no hay comando verificar)`;
} else if (!solution) {
  verify.available = verifyFresh.available = false;
  verify.reason = verifyFresh.reason = `${NOT_YET} (no hay exercises/*servidor-tcp*/solucion.py)`;
} else if (!python) {
  verify.error = verifyFresh.error = 'sin Python resuelto (falló la sonda del motor)';
} else {
  log('Midiendo verificar...');
  const pythonFloor = async () => sample(await timeCommand(python, ['-c', 'pass'], { env: baseEnv, timeoutMs: TIMEOUT.start }), 'python3 -c pass');
  const runs = await rounds(
    {
      node: nodeFloor,
      python: pythonFloor,
      verificar: async () => sample(await cli(['verificar', 'servidor-tcp', join(ROOT, solution)], { timeoutMs: TIMEOUT.verify }), 'verificar'),
      // A learner's first run: no data folder yet, so Python is resolved again (through a pyenv
      // shim, where there is one, as `python3` is on this PATH).
      verificarFresh: async () => {
        const freshHome = mkdtempSync(join(tmpdir(), 'taller-sockets-bench-fresh-'));
        try {
          return sample(await cli(['verificar', 'servidor-tcp', join(ROOT, solution)], { timeoutMs: TIMEOUT.verify, env: { ...baseEnv, TALLER_SOCKETS_HOME: freshHome } }), 'verificar (carpeta nueva)');
        } finally {
          rmSync(freshHome, { recursive: true, force: true });
        }
      },
    },
    { warmup: quick ? 0 : 1, runs: plan.verifyRuns },
  );
  const [nodeRuns, pythonRuns, verifyRuns, freshRuns] = ['node', 'python', 'verificar', 'verificarFresh'].map((name) => runs.get(name));
  const floor = median(nodeRuns.samples) + median(pythonRuns.samples);
  settle(verify, verifyRuns.samples, Number.isFinite(floor) ? floor : undefined,
    [...verifyRuns.failures, ...nodeRuns.failures, ...pythonRuns.failures]);
  settle(verifyFresh, freshRuns.samples, Number.isFinite(floor) ? floor : undefined,
    [...freshRuns.failures, ...nodeRuns.failures, ...pythonRuns.failures]);
  verify.file = verifyFresh.file = solution;
}

if (!hasCommand('calificar')) {
  grade.available = false;
  grade.reason = `${NOT_YET} (no hay comando calificar)`;
} else if (!verify.available || verify.value === undefined) {
  grade.available = verify.available;
  if (verify.available) grade.error = 'hace falta la medida de verificar';
  else grade.reason = verify.reason;
} else {
  log(`Midiendo calificar con ${plan.submissions} entregas...`);
  const folder = mkdtempSync(join(tmpdir(), 'taller-sockets-bench-entregas-'));
  process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  for (let index = 1; index <= plan.submissions; index++) {
    copyFileSync(join(ROOT, solution), join(folder, `entrega-${String(index).padStart(2, '0')}.py`));
  }
  const samples = [];
  const failures = [];
  for (let index = 0; index < plan.gradeRuns; index++) {
    const result = sample(await cli(['calificar', folder, '--ejercicio', 'servidor-tcp'], { timeoutMs: TIMEOUT.grade }), 'calificar');
    if (result.error) failures.push(result.error);
    else samples.push(result.ms);
  }
  settle(grade, samples, plan.submissions * verify.value, failures);
}

// --- 9: peak memory of the CLI while a lesson runs ----------------------------------------------
const memory = figure('maxRss', 'memoria máx. (RSS) del CLI, leccion --auto', 'node -e 0', { maxRatio: 2 }, 'MiB');
if (!firstLesson) {
  memory.available = false;
  memory.reason = 'no hay lecciones';
} else {
  log('Midiendo la memoria...');
  const rssFile = join(work, 'max-rss.txt');
  const measureRss = async (nodeArgs, what, timeoutMs) => {
    rmSync(rssFile, { force: true });
    const run = await node(['--import', preload, ...nodeArgs], { env: { ...baseEnv, BENCH_MAX_RSS_FILE: rssFile }, timeoutMs });
    // A lesson whose checks fail still measures its memory; only a run that did not finish does not.
    const result = sample(run, what, { expectCode: undefined });
    if (result.error) return result;
    if (!existsSync(rssFile)) return { error: `${what}: no dejó su memoria máxima` };
    return { ms: Number(readFileSync(rssFile, 'utf8')) / 1024 };
  };
  const runs = await rounds(
    {
      floor: () => measureRss(['-e', '0'], 'node -e 0', TIMEOUT.start),
      cli: () => measureRss([cliEntry, 'leccion', firstLesson.id, '--auto'], 'leccion --auto', TIMEOUT.lesson),
    },
    { runs: plan.rssRuns },
  );
  settle(memory, runs.get('cli').samples, median(runs.get('floor').samples), [...runs.get('cli').failures, ...runs.get('floor').failures]);
}

// --- growth: how each cost grows with the work, and every exercise's reference solution --------
const growthRss = join(work, 'growth-rss.txt');
const echoSolution = findSolution('eco-tcp');
const withPeak = (nodeArgs, { timeoutMs, what }) =>
  node(['--import', preload, ...nodeArgs], { env: { ...baseEnv, BENCH_MAX_RSS_FILE: growthRss }, timeoutMs }).then((run) => growthSample(run, what, growthRss));
const growth = hasCommand('verificar')
  ? await measureGrowth({
      quick,
      log,
      solutions: { servidorTcp: solution && join(ROOT, solution), ecoTcp: echoSolution && join(ROOT, echoSolution) },
      cliRun: (cliArgs, options) => withPeak([cliEntry, ...cliArgs], options),
      probeRun: (program, bytes) => withPeak([echoProbeFile, program, String(bytes)], { timeoutMs: 120_000, what: `eco de ${bytes} bytes` }),
    })
  : {};
const exercises = hasCommand('verificar')
  ? await measureEachExercise({ root: ROOT, quick, log, verify: (id, file) => cli(['verificar', id, file], { timeoutMs: TIMEOUT.verify }) })
  : [];

// --- report ----------------------------------------------------------------------------------
const ORDER = ['help', 'lessons', 'firstScreen', 'kernelStart', 'stepRoundTrip', 'allLessonsAuto', 'verificar', 'verificarFresh', 'calificar', 'maxRss'];
const ordered = Object.fromEntries(ORDER.filter((key) => figures[key]).map((key) => [key, figures[key]]));
const result = {
  version: 1,
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  node: process.version,
  python: probe ? { executable: probe.python, version: probe.pythonVersion } : undefined,
  cores: cpus().length,
  platform: process.platform,
  lessons: { source: found.source, count: found.lessons.length },
  figures: ordered,
  growth,
  exercises,
};
const lastFile = join(ROOT, '.bench', quick ? 'last-quick.json' : 'last.json');
const previous = existsSync(lastFile) ? safeJson(readFileSync(lastFile, 'utf8')) : undefined;
if (previous) writeFileSync(resolve(lastFile, '..', quick ? 'previous-quick.json' : 'previous.json'), JSON.stringify(previous, null, 2));
writeFileSync(lastFile, `${JSON.stringify(result, null, 2)}\n`);

out('');
out(`taller-sockets bench (${result.mode}) · Node ${process.version} · Python ${result.python?.version ?? '?'} · ${result.cores} núcleos`);
out(renderTable(result, previous?.mode === result.mode ? previous : undefined));
out(renderGrowth(result.growth));
out(renderExercises(result.exercises));
out('');
out(`Resultado guardado en ${lastFile.slice(ROOT.length)}${previous ? ' (el cambio es respecto a la ejecución anterior)' : ''}.`);
if (asJson) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The reference solution of an exercise: exercises/<folder containing its id>/solucion.py. */
function findSolution(exercise) {
  const dir = join(ROOT, 'exercises');
  if (!existsSync(dir)) return undefined;
  const folder = readdirSync(dir).sort().find((name) => name.includes(exercise) && existsSync(join(dir, name, 'solucion.py')));
  return folder && join('exercises', folder, 'solucion.py');
}
