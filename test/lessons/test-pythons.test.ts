import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// npm run test:pythons never passes silently: a version that is not installed is named as
// skipped, and with --estricto (CI) the run fails. Here no Python can be found at all.
test('test:pythons reports a missing Python as skipped, and --estricto fails on it', () => {
  const empty = mkdtempSync(join(tmpdir(), 'taller-sin-python-'));
  try {
    const env = { ...process.env, PATH: empty, PYENV_ROOT: empty };
    const lenient = spawnSync(process.execPath, ['scripts/test-pythons.mjs', '3.9'], { encoding: 'utf8', env, timeout: 120_000 });
    assert.match(lenient.stdout, /Python 3\.9: NO INSTALADO, omitido/);
    assert.match(lenient.stdout, /AVISO: 1 versión no se probó/);
    assert.equal(lenient.status, 0);
    const strict = spawnSync(process.execPath, ['scripts/test-pythons.mjs', '--estricto', '3.9'], { encoding: 'utf8', env, timeout: 120_000 });
    assert.match(strict.stdout, /NO INSTALADO/);
    assert.equal(strict.status, 1);
    const wrong = spawnSync(process.execPath, ['scripts/test-pythons.mjs', '3.7'], { encoding: 'utf8', env, timeout: 120_000 });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /Versiones no admitidas: 3\.7/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
