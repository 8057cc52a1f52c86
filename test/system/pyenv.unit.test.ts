import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pyenvTarget } from '../../src/system/pyenv.js';

const root = mkdtempSync(join(tmpdir(), 'taller-sockets-pyenv-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A pyenv folder as pyenv lays it out: shims/python3 (its bash script) and two installed versions. */
function fakePyenv(name: string): { pyenvRoot: string; shim: string; binary: (version: string) => string } {
  const pyenvRoot = join(root, name);
  mkdirSync(join(pyenvRoot, 'shims'), { recursive: true });
  const shim = join(pyenvRoot, 'shims', 'python3');
  writeFileSync(shim, `#!/usr/bin/env bash\nset -e\nexport PYENV_ROOT="${pyenvRoot}"\nexec "${pyenvRoot}/libexec/pyenv" exec "$program" "$@"\n`, { mode: 0o755 });
  const binary = (version: string): string => join(pyenvRoot, 'versions', version, 'bin', 'python3');
  for (const version of ['3.8.18', '3.12.1']) {
    mkdirSync(join(pyenvRoot, 'versions', version, 'bin'), { recursive: true });
    writeFileSync(binary(version), '', { mode: 0o755 });
  }
  writeFileSync(join(pyenvRoot, 'version'), '3.12.1\n');
  return { pyenvRoot, shim, binary };
}

describe('el Python detrás de un shim de pyenv', () => {
  const pyenv = fakePyenv('a');
  const project = join(root, 'proyecto', 'sub');
  mkdirSync(project, { recursive: true });

  it('sin nada más, la versión global', () => {
    assert.equal(pyenvTarget(pyenv.shim, { PYENV_ROOT: pyenv.pyenvRoot }, project), pyenv.binary('3.12.1'));
  });

  it('un .python-version en una carpeta de arriba manda sobre la global', () => {
    writeFileSync(join(root, 'proyecto', '.python-version'), '3.8.18\n');
    try {
      assert.equal(pyenvTarget(pyenv.shim, { PYENV_ROOT: pyenv.pyenvRoot }, project), pyenv.binary('3.8.18'));
    } finally {
      rmSync(join(root, 'proyecto', '.python-version'));
    }
  });

  it('PYENV_VERSION manda sobre todo', () => {
    writeFileSync(join(project, '.python-version'), '3.12.1\n');
    try {
      assert.equal(pyenvTarget(pyenv.shim, { PYENV_ROOT: pyenv.pyenvRoot, PYENV_VERSION: '3.8.18' }, project), pyenv.binary('3.8.18'));
    } finally {
      rmSync(join(project, '.python-version'));
    }
  });

  it('«system» o una versión que no está instalada: se ejecuta el shim, como antes', () => {
    assert.equal(pyenvTarget(pyenv.shim, { PYENV_ROOT: pyenv.pyenvRoot, PYENV_VERSION: 'system' }, project), undefined);
    assert.equal(pyenvTarget(pyenv.shim, { PYENV_ROOT: pyenv.pyenvRoot, PYENV_VERSION: '3.99.0' }, project), undefined);
  });

  it('un python3 que no es un shim de pyenv no se toca', () => {
    const plain = join(root, 'bin', 'python3');
    mkdirSync(join(root, 'bin'), { recursive: true });
    writeFileSync(plain, '#!/bin/sh\nexec /usr/bin/python3 "$@"\n', { mode: 0o755 });
    assert.equal(pyenvTarget(plain, {}, project), undefined);
    assert.equal(pyenvTarget(pyenv.binary('3.12.1'), {}, project), undefined);
  });
});
