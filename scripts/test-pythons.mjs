// Runs the lesson suites and the exercise suites on every supported Python (3.8 to 3.13) and
// prints a matrix: lessons x versions, exercises x versions. A version that is not installed is
// reported as such and skipped; with --estricto (CI), a missing version fails the run.
//
//   npm run test:pythons                      # the six versions
//   npm run test:pythons -- 3.8 3.13          # only these
//   npm run test:pythons -- --estricto 3.8 3.13
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { homedir } from 'node:os';

const SUPPORTED = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13'];
const SUITES = [
  'test/lessons/document-lessons.test.ts',
  'test/lessons/extra-lessons.test.ts',
  'test/lessons/document-packets.test.ts',
  'test/grader/exercises.test.ts',
  'test/grader/wrong-programs.test.ts',
];

const args = process.argv.slice(2);
const strict = args.includes('--estricto');
const asked = args.filter((arg) => !arg.startsWith('--'));
const unknown = asked.filter((version) => !SUPPORTED.includes(version));
if (unknown.length) {
  console.error(`Versiones no admitidas: ${unknown.join(', ')}. El taller admite ${SUPPORTED.join(', ')}.`);
  process.exit(2);
}
const versions = asked.length ? asked : SUPPORTED;

/** The interpreter of one minor version: python3.X on PATH, or the newest pyenv build of it. */
function findPython(version) {
  const candidates = [];
  // pyenv's shims re-resolve the version at every start: its real builds are preferred below.
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter((entry) => entry && !/[\\/]shims$/.test(entry))) candidates.push(join(dir, `python${version}`));
  const pyenvRoot = process.env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  const builds = join(pyenvRoot, 'versions');
  if (existsSync(builds)) {
    const matching = readdirSync(builds)
      .filter((name) => name === version || name.startsWith(`${version}.`))
      .sort((a, b) => Number(b.split('.')[2] ?? 0) - Number(a.split('.')[2] ?? 0));
    for (const name of matching) candidates.push(join(builds, name, 'bin', 'python3'));
  }
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const probe = spawnSync(candidate, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
    // pyenv's shims exist for every version but answer with another one: check what it really is.
    if (probe.status === 0 && probe.stdout.trim() === version) return candidate;
  }
  return undefined;
}

/** Runs the suites on one Python; resolves with every test's name and verdict (TAP). */
function runSuites(python) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/run-tests.mjs', ...SUITES], {
      env: { ...process.env, TALLER_SOCKETS_PYTHON: python, TALLER_SOCKETS_SKIP_BUILD: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('close', (code) => {
      const results = [...output.matchAll(/^\s*(ok|not ok) \d+ - (.*?)(?: # (SKIP|TODO).*)?$/gm)]
        .map((match) => ({ name: match[2], verdict: match[3] === 'SKIP' ? 'skip' : match[1] === 'ok' ? 'pass' : 'fail' }));
      resolve({ code: code ?? 1, results, output });
    });
  });
}

/** Lesson folder or exercise id of a test, by the names the suites give their tests. */
function rowOf(name) {
  const lesson = /^(?:extra )?lesson (\d\d-[\w-]+) runs live/.exec(name);
  if (lesson) return { kind: 'lección', row: lesson[1] };
  const packets = /^(\d\d-[\w-]+)$/.exec(name);
  if (packets) return { kind: 'lección', row: `${packets[1]} (paquetes)` };
  const exercise = /^([a-z]+(?:-[a-z]+)*)[:/]/.exec(name);
  if (exercise) return { kind: 'ejercicio', row: exercise[1] };
  return undefined;
}

const pythons = new Map(versions.map((version) => [version, findPython(version)]));
if ([...pythons.values()].some(Boolean)) {
  console.log('Compilando una vez para todas las versiones...');
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const matrix = new Map(); // "kind|row" -> version -> verdict
const summary = [];
let failed = false;
let missing = 0;
for (const version of versions) {
  const python = pythons.get(version);
  if (!python) {
    missing++;
    summary.push(`Python ${version}: NO INSTALADO, omitido (instala python${version} o ponlo en pyenv)`);
    console.log(`\n== Python ${version}: no está instalado; se omite ==`);
    continue;
  }
  console.log(`\n== Python ${version} (${python}) ==`);
  const started = Date.now();
  const { code, results, output } = await runSuites(python);
  const seconds = Math.round((Date.now() - started) / 1000);
  const bad = results.filter((result) => result.verdict === 'fail');
  for (const result of results) {
    const row = rowOf(result.name);
    if (!row) continue;
    const key = `${row.kind}|${row.row}`;
    if (!matrix.has(key)) matrix.set(key, new Map());
    const cell = matrix.get(key);
    // A row with several tests (an exercise's solution, starter, wrong programs) fails if any fails.
    if (cell.get(version) !== 'fail') cell.set(version, result.verdict === 'fail' ? 'fail' : result.verdict === 'skip' && cell.get(version) !== 'pass' ? 'skip' : 'pass');
  }
  if (code !== 0 || results.length === 0) {
    failed = true;
    if (!bad.length) console.log(output.split('\n').slice(-40).join('\n'));
  }
  for (const result of bad) console.log(`  ✘ ${result.name}`);
  summary.push(`Python ${version}: ${code === 0 && results.length ? 'bien' : 'FALLA'} (${results.filter((result) => result.verdict === 'pass').length} pruebas bien, ${bad.length} mal, ${seconds} s)`);
}

const mark = { pass: 'bien', fail: 'MAL', skip: 'omit.' };
for (const kind of ['lección', 'ejercicio']) {
  const rows = [...matrix.keys()].filter((key) => key.startsWith(`${kind}|`)).sort();
  if (!rows.length) continue;
  console.log(`\n${kind === 'lección' ? 'Lecciones' : 'Ejercicios'} × versiones de Python`);
  console.log(['', ...versions].map((cell, index) => (index ? cell.padEnd(6) : cell.padEnd(44))).join(' '));
  for (const key of rows) {
    const cells = versions.map((version) => (mark[matrix.get(key).get(version)] ?? '—').padEnd(6));
    console.log([key.split("|")[1].padEnd(44), ...cells].join(' '));
  }
}
console.log(`\n${summary.join('\n')}`);
if (missing) console.log(`AVISO: ${missing} ${missing === 1 ? 'versión no se probó' : 'versiones no se probaron'} (no ${missing === 1 ? 'está instalada' : 'están instaladas'}).`);
process.exit(failed || (strict && missing) ? 1 : 0);
