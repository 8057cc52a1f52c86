import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, tempHome } from '../helpers/cli.js';

/**
 * The package as users get it: packed, installed into an empty folder (offline: the CLI is one
 * bundle, so the package has no runtime dependencies), and run from there.
 */
test('npm pack → install in an empty folder → --version, the first screen, lecciones and one leccion --auto work from there', async () => {
  const work = mkdtempSync(join(tmpdir(), 'taller-sockets-pack-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['pack', '--pack-destination', work, '--ignore-scripts'], { cwd: ROOT, stdio: 'pipe' });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack produced a tarball');
    const app = join(work, 'app');
    mkdirSync(app);
    execFileSync(npm, ['init', '-y'], { cwd: app, stdio: 'pipe' });
    execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', join(work, tarball)], { cwd: app, stdio: 'pipe' });
    const installed = join(app, 'node_modules', 'taller-sockets');
    for (const part of ['dist/cli/main.js', 'src/kernel/kernel.py', 'src/system/python/interpreter.py', 'src/grader/python/sitecustomize.py', 'lessons', 'exercises']) {
      assert.ok(existsSync(join(installed, part)), `the package ships ${part}`);
    }
    assert.ok(!existsSync(join(installed, 'node_modules')), 'no runtime dependency was installed');
    const env = { ...process.env, TALLER_SOCKETS_HOME: tempHome(), TALLER_SOCKETS_PUERTOS_LIBRES: '1', CI: 'true', NO_COLOR: '1' };
    const version = spawnSync('npx', ['--offline', 'taller-sockets', '--version'], { cwd: app, env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
    const firstScreen = spawnSync('npx', ['--offline', 'taller-sockets'], { cwd: app, env, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(firstScreen.status, 0, firstScreen.stderr);
    assert.match(firstScreen.stdout, /Siguiente: .*leccion programacion-de-sockets/);
    const list = spawnSync('npx', ['--offline', 'taller-sockets', 'lecciones', '--json'], { cwd: app, env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(list.status, 0, list.stderr);
    const lessons = JSON.parse(list.stdout) as Array<{ id: string }>;
    assert.ok(lessons.length >= 13);
    const lesson = spawnSync('npx', ['--offline', 'taller-sockets', 'leccion', '5', '--auto'], { cwd: app, env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(lesson.status, 0, lesson.stdout + lesson.stderr);
    assert.match(lesson.stdout, /✔ Pasos superados/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
