// Runs the checks and the test suite, fastest first, so that a slip fails in seconds:
//   1. the unit tier: the tests that need neither Python nor sockets (test/**/*.unit.test.ts) and
//      the architecture check, side by side;
//   2. the static checks (types, lint, unused code), while the bundle is built;
//   3. the live tier, only when both passed: every other test, against real Python processes and
//      real sockets.
// `--unit` runs the first tier alone (npm run test:unit). File arguments run just those files
// (the bundle is built first unless they are all unit tests).
// Test files are listed explicitly: Node 20 does not expand quoted globs, and a run that finds no
// file would report 0 tests and pass.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

const UNIT_SUFFIX = '.unit.test.ts';
const NODE_TEST = ['--import', 'tsx', '--test', '--test-timeout=600000'];
const TEST_ENV = { ...process.env, TALLER_SOCKETS_TEST: '1' };

const ARCHITECTURE_CHECK = { name: 'arquitectura', command: [process.execPath, 'scripts/check-architecture.mjs'] };

/** The static checks, before the live tier; any finding fails the run. */
const STATIC_CHECKS = [
  { name: 'tipos (tsc)', command: ['node_modules/.bin/tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'lint (eslint)', command: ['node_modules/.bin/eslint', '--max-warnings', '0', '--cache', '--cache-location', 'node_modules/.cache/eslint/', '.'] },
  { name: 'código sin usar (knip)', command: ['node_modules/.bin/knip', '--no-progress'] },
];

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Runs a command with its output kept; resolves with its exit code, output and seconds. */
function captured({ command: [file, ...args] }, env = process.env) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n`, seconds: 0 }));
    child.on('close', (code, signal) => resolve({ code: code ?? 1, signal, output, seconds: (performance.now() - started) / 1000 }));
  });
}

/** The node:test summary lines (ℹ tests 12, ℹ pass 12...) of a captured run. */
function summary(output) {
  return output.split('\n').filter((line) => /^ℹ (tests|pass|fail|skipped) /.test(line)).map((line) => line.slice(2)).join(', ');
}

/** Runs jobs side by side; prints a line each, and the output of those that failed. */
async function runSideBySide(title, jobs) {
  const started = performance.now();
  let failed = false;
  for (const job of await Promise.all(jobs.map((job) => captured(job, job.env).then((result) => ({ ...job, ...result }))))) {
    const ok = job.code === 0;
    const detail = job.tests ? ` ${summary(job.output)}` : '';
    console.log(`${ok ? '✓' : '✗'} ${job.name} ${job.seconds.toFixed(1)} s${detail}`);
    if (!ok) {
      failed = true;
      process.stdout.write(job.output.endsWith('\n') ? job.output : `${job.output}\n`);
    }
  }
  console.log(`${title}: ${((performance.now() - started) / 1000).toFixed(1)} s${failed ? ', con fallos' : ''}.`);
  return !failed;
}

function unitTier(unitFiles) {
  const tests = { name: `pruebas unitarias (${unitFiles.length} archivos)`, command: [process.execPath, ...NODE_TEST, '--test-reporter=spec', '--test-concurrency=2', ...unitFiles], tests: true, env: TEST_ENV };
  return runSideBySide('Nivel unitario', [ARCHITECTURE_CHECK, ...(unitFiles.length ? [tests] : [])]);
}

/** Types, lint and unused code, while the bundle the live tests run is built. */
function staticChecksAndBuild() {
  const building = process.env.TALLER_SOCKETS_SKIP_BUILD === '1' ? [] : [{ name: 'compilación (npm run build)', command: [process.execPath, 'scripts/build.mjs'] }];
  return runSideBySide('Comprobaciones estáticas y compilación', [...STATIC_CHECKS, ...building]);
}

function build() {
  // The live tests run the bundle, as users do: build it first so it is never stale.
  if (process.env.TALLER_SOCKETS_SKIP_BUILD === '1') return true;
  return spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status === 0;
}

function liveTier(files) {
  // Each test bounds its own waits; the per-test ceiling (files count as tests) only catches a hang.
  const result = spawnSync(process.execPath, [...NODE_TEST, '--test-concurrency=3', ...files], { stdio: 'inherit', env: TEST_ENV });
  return result.status ?? 1;
}

const args = process.argv.slice(2);
const onlyUnit = args.includes('--unit');
const named = args.filter((arg) => arg !== '--unit');
const all = findTests('test').sort();
if (all.length === 0) {
  console.error('No se encontró ningún archivo de prueba (test/**/*.test.ts).');
  process.exit(1);
}

if (named.length) {
  // Just these files: no static checks, a build only where a live test needs the bundle.
  const needsBundle = named.some((file) => !file.endsWith(UNIT_SUFFIX));
  if (needsBundle && !build()) process.exit(1);
  process.exit(liveTier(named));
}

const unitFiles = all.filter((file) => file.endsWith(UNIT_SUFFIX));
if (!(await unitTier(unitFiles))) process.exit(1);
if (onlyUnit) process.exit(0);
if (!(await staticChecksAndBuild())) process.exit(1);
process.exit(liveTier(all.filter((file) => !file.endsWith(UNIT_SUFFIX))));
