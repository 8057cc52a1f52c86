import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli, tempHome, type CliResult } from '../helpers/cli.js';
import { findTool } from '../../src/system/find-tool.js';
import { FAULT_LESSONS } from './fault-helpers.js';

const SOLUTION = join(ROOT, 'exercises', '03-cliente-udp', 'solucion.py');

function verify(home: string): Promise<CliResult> {
  return runCli(['verificar', 'cliente-udp', SOLUTION, '--json'], { env: { TALLER_SOCKETS_HOME: home } });
}

function lesson(home: string): Promise<CliResult> {
  return runCli(['leccion', 'rapida', '--auto', '--lecciones', FAULT_LESSONS], { env: { TALLER_SOCKETS_HOME: home } });
}

function savedAttempts(home: string): number | undefined {
  return JSON.parse(readFileSync(join(home, 'progreso.json'), 'utf8')).exercises['cliente-udp']?.attempts;
}

/** The verdict is printed (JSON) and is the exit code, whatever happened to the progress file. */
function assertVerdictPrinted(result: CliResult): void {
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).status, 'pass');
  assert.doesNotMatch(result.stderr, /Error interno|at .*\.js:\d+/, 'no internal error, no stack trace');
}

test('progreso corrupto: verificar y leccion --auto lo apartan y lo avisan; el resultado no cambia', async () => {
  for (const run of [verify, lesson]) {
    const home = tempHome();
    writeFileSync(join(home, 'progreso.json'), '{"version": 1, "lessons": {');
    const result = await run(home);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Aviso: Tu archivo de progreso no es JSON válido\. Lo he guardado aparte en .*progreso\.json\.corrupto-/);
    const aside = readdirSync(home).filter((name) => name.startsWith('progreso.json.corrupto-'));
    assert.equal(aside.length, 1);
    assert.equal(readFileSync(join(home, aside[0]!), 'utf8'), '{"version": 1, "lessons": {', 'the broken file is kept as it was');
    assert.ok(existsSync(join(home, 'progreso.json')), 'a new progress file is saved');
  }
});

test('progreso.json es una carpeta: cada orden dice por qué en español y muestra su resultado', async () => {
  const home = tempHome();
  mkdirSync(join(home, 'progreso.json'));
  const verified = await verify(home);
  assertVerdictPrinted(verified);
  assert.match(verified.stderr, /No puedo leer tu archivo de progreso .*progreso\.json: es una carpeta, no un archivo\..*no quedó guardado/);
  const taught = await lesson(home);
  assert.equal(taught.code, 0, taught.stderr);
  assert.match(taught.stdout, /Pasos superados: 1 de 1/);
  assert.match(taught.stderr, /es una carpeta, no un archivo/);
  for (const command of [['progreso'], ['lecciones'], ['ejercicios']]) {
    const shown = await runCli(command, { env: { TALLER_SOCKETS_HOME: home } });
    assert.equal(shown.code, 0, `${command.join(' ')}: ${shown.stderr}`);
    assert.ok(shown.stdout.length > 0, `${command.join(' ')} still prints`);
    assert.match(shown.stderr, /Aviso: No puedo leer tu archivo de progreso .*: es una carpeta, no un archivo\. Sigo sin tu avance/);
  }
  assert.deepEqual(readdirSync(join(home, 'progreso.json')), [], 'the folder is left alone');
});

test('un cerrojo vacío (un disco que se llenó) o de un proceso muerto se toma al momento', async () => {
  const home = tempHome();
  const lock = join(home, 'progreso.json.lock');
  writeFileSync(lock, '');
  const old = new Date(Date.now() - 5000);
  utimesSync(lock, old, old);
  const first = await verify(home);
  assertVerdictPrinted(first);
  assert.equal(first.stderr, '', 'saved, with nothing to warn about');
  assert.equal(savedAttempts(home), 1);
  // A lock whose owner is dead (a pid that no longer exists: a child we started and reaped).
  const dead = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => dead.once('exit', resolve));
  writeFileSync(lock, JSON.stringify({ pid: dead.pid, host: hostname(), token: 'muerto', since: new Date().toISOString() }));
  const second = await verify(home);
  assertVerdictPrinted(second);
  assert.equal(second.stderr, '');
  assert.equal(savedAttempts(home), 2);
  assert.equal(existsSync(lock), false);
});

/**
 * A small tmpfs of our own (in a user and mount namespace, no privileges needed), reached from
 * outside through /proc/<pid>/root of the process that keeps the namespace alive.
 */
async function privateTmpfs(sizeKb: number): Promise<{ dir: string; inside: string; run: (args: string[]) => Promise<void>; close: () => void } | undefined> {
  const unshare = findTool('unshare');
  const nsenter = findTool('nsenter');
  if (process.platform !== 'linux' || !unshare || !nsenter) return undefined;
  const inside = mkdtempSync(join(tmpdir(), 'taller-sockets-disco-'));
  const holder: ChildProcess = spawn(unshare, ['-rm', 'sh', '-c', `mount -t tmpfs -o size=${sizeKb}k ninguno "${inside}" && echo listo && exec sleep 600`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = await new Promise<boolean>((resolve) => {
    holder.stdout!.setEncoding('utf8').on('data', (text: string) => text.includes('listo') && resolve(true));
    holder.once('exit', () => resolve(false));
    setTimeout(() => resolve(false), 5000).unref();
  });
  const close = (): void => {
    holder.kill('SIGKILL');
    rmSync(inside, { recursive: true, force: true });
  };
  if (!ready) {
    close();
    return undefined;
  }
  const run = (args: string[]): Promise<void> => new Promise((resolve, reject) => {
    const child = spawn(nsenter, ['-t', String(holder.pid), '-U', '-m', '--preserve-credentials', ...args], { stdio: 'ignore' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')}: ${code}`))));
  });
  return { dir: `/proc/${holder.pid}/root${inside}`, inside, run, close };
}

test('disco de solo lectura: verificar da su veredicto (JSON y código) y avisa que no guardó', async (t) => {
  const disk = await privateTmpfs(256);
  if (!disk) return t.skip('no user and mount namespaces here to make a read-only disk');
  try {
    const first = await verify(disk.dir);
    assertVerdictPrinted(first);
    assert.equal(savedAttempts(disk.dir), 1);
    await disk.run(['mount', '-o', 'remount,ro', disk.inside]);
    const result = await verify(disk.dir);
    assertVerdictPrinted(result);
    assert.match(result.stderr, /Aviso: No pude guardar tu progreso en .*: está en un disco de solo lectura\..*El resultado de arriba vale igual/);
    assert.equal(savedAttempts(disk.dir), 1, 'the old progress is intact');
  } finally {
    disk.close();
  }
});

test('disco lleno: verificar da su veredicto, avisa, no deja cerrojo; con espacio otra vez, guarda al momento', async (t) => {
  const disk = await privateTmpfs(64);
  if (!disk) return t.skip('no user and mount namespaces here to make a small disk');
  try {
    const first = await verify(disk.dir);
    assertVerdictPrinted(first);
    const filler = join(disk.dir, 'relleno');
    const fd = openSync(filler, 'w');
    try {
      const block = Buffer.alloc(4096, 1);
      for (let written = 0; written < 1024 * 1024; written += 4096) writeSync(fd, block); // bounded: the disk is 64 KiB
      assert.fail('the small disk never filled up');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      closeSync(fd);
    }
    const full = await verify(disk.dir);
    assertVerdictPrinted(full);
    assert.match(full.stderr, /Aviso: No pude guardar tu progreso en .*: el disco está lleno\./);
    assert.equal(savedAttempts(disk.dir), 1);
    assert.equal(existsSync(join(disk.dir, 'progreso.json.lock')), false, 'no lock file left behind');
    assert.deepEqual(readdirSync(disk.dir).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left behind');
    rmSync(filler);
    const again = await verify(disk.dir);
    assertVerdictPrinted(again);
    assert.equal(again.stderr, '');
    assert.equal(savedAttempts(disk.dir), 2);
  } finally {
    disk.close();
  }
});
