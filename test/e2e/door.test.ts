import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, tempHome } from '../helpers/cli.js';

/**
 * README's door, typed in its order by a new user in a fresh clone of the committed tree: `npm ci`,
 * `npx taller-sockets`, then again after `npm run build` (which `npm test` also does). A rebuild
 * once left the bin without its execute bit, and `npx taller-sockets` answered «Permission denied».
 */
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, TALLER_SOCKETS_HOME: tempHome(), TALLER_SOCKETS_PUERTOS_LIBRES: '1', CI: 'true', NO_COLOR: '1' };
  // No stdin, no TTY: the door must never wait for a key.
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
}

function expectOk(result: SpawnSyncReturns<string>, what: string): string {
  assert.equal(result.status, 0, `${what} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function expectVersionAndFirstScreen(cwd: string, when: string): void {
  assert.match(expectOk(run(npx, ['--offline', 'taller-sockets', '--version'], cwd), `npx taller-sockets --version ${when}`).trim(), /^\d+\.\d+\.\d+$/);
  const screen = expectOk(run(npx, ['--offline', 'taller-sockets'], cwd), `npx taller-sockets ${when}`);
  // Started through npx, every command it prints starts the same way: pasted as printed, it runs.
  assert.match(screen, /Siguiente: npx taller-sockets leccion programacion-de-sockets/, `first screen ${when}`);
  assert.match(screen, /Sin terminal interactiva/, `the first screen says why no menu opened (${when})`);
}

test('README door in a clean clone: npm ci, npx taller-sockets, npm run build, npx taller-sockets again', { skip: process.platform === 'win32' && 'bin modes are a POSIX matter' }, () => {
  const work = mkdtempSync(join(tmpdir(), 'taller-sockets-door-'));
  try {
    const clone = join(work, 'taller-sockets');
    expectOk(run('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], work), 'git clone');
    // CI has just filled npm's cache with this same lock file: offline keeps the test on loopback.
    expectOk(run(npm, ['ci', '--offline', '--no-audit', '--no-fund'], clone), 'npm ci');
    const bin = join(clone, 'dist', 'cli', 'main.js');
    expectVersionAndFirstScreen(clone, 'after npm ci');

    expectOk(run(npm, ['run', 'build'], clone), 'npm run build');
    assert.ok((statSync(bin).mode & 0o111) !== 0, 'the rebuilt bin is executable');
    expectVersionAndFirstScreen(clone, 'after npm run build');

    // doctor tells a learner whose bin lost its mode how to get the command back.
    chmodSync(bin, 0o644);
    const doctor = run(process.execPath, [bin, 'doctor', '--json'], clone);
    const launcher = (JSON.parse(doctor.stdout) as { checks: Array<{ id: string; status: string; message: string; fix?: string }> }).checks.find(
      (check) => check.id === 'launcher',
    );
    assert.equal(doctor.status, 1, 'a command that will not start again blocks the workshop');
    assert.equal(launcher?.status, 'failure');
    assert.match(launcher?.message ?? '', /no tiene permiso de ejecución/);
    assert.match(launcher?.fix ?? '', /npm run build/);
    expectOk(run(npm, ['run', 'build'], clone), 'npm run build (the fix doctor gives)');
    expectVersionAndFirstScreen(clone, 'after following doctor');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
