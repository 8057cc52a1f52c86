// Runs the test suite with node's runner. Test files are listed explicitly (Node 20 does not
// expand quoted globs, and a run that finds no file would report 0 tests and pass).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = (only.length ? only : findTests('test')).sort();
if (files.length === 0) {
  console.error('No se encontró ningún archivo de prueba (test/**/*.test.ts).');
  process.exit(1);
}
// The CLI tests run the bundle, as users do: build it first so it is never stale.
if (process.env.TALLER_SOCKETS_SKIP_BUILD !== '1') {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// Each test bounds its own waits; this per-test ceiling (files count as tests) only catches a hang.
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=3', '--test-timeout=600000', ...files],
  { stdio: 'inherit', env: { ...process.env, TALLER_SOCKETS_TEST: '1' } },
);
process.exit(result.status ?? 1);
