import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadExercises } from '../../src/grader/exercise-content.js';
import { sweepStaleAuditDirs } from '../../src/grader/audit-hook.js';
import { reservePort, tryReservePort } from '../../src/net/port-reservation.js';
import { chooseIsolation } from '../../src/teacher/isolation.js';
import { resolvePython } from '../../src/system/python.js';
import { BUILT_CLI, ROOT, runCli, tempHome } from '../helpers/cli.js';
import { leakMarker, openTcpEntries, processesWithMarker, survivingProcesses } from '../helpers/leaks.js';

/**
 * `verificar` under faults (issue 14, items 1 and 3): two learners on one computer at once, and
 * verificar killed (-9, INT, TERM, HUP) while the learner's program runs. With a private network
 * where Linux allows it, and on this computer's loopback (TALLER_SOCKETS_NETNS=0) elsewhere.
 */
const exercises = new Map((await loadExercises()).map((exercise) => [exercise.id, exercise]));
const SERVERS = ['servidor-tcp', 'servidor-udp', 'eco-tcp', 'eco-concurrente'];
const HANGING = join(ROOT, 'test', 'fixtures', 'programs', 'servidor-tcp', 'se-cuelga.py');
const privateNetwork = (async () => {
  if (process.platform !== 'linux') return false;
  const isolation = await chooseIsolation('auto', (await resolvePython()).executable);
  return isolation.kind === 'namespace' && isolation.pidNamespace;
})();
const MODES = [
  { name: 'en una red privada', env: {} as NodeJS.ProcessEnv, needsNamespace: true },
  { name: 'en el loopback de la computadora', env: { TALLER_SOCKETS_NETNS: '0' } as NodeJS.ProcessEnv, needsNamespace: false },
];

/** A learner's folder with the exercise's reference solution in it. */
function learnerWith(id: string, program = exercises.get(id)!.solutionFile): string {
  const cwd = mkdtempSync(join(tmpdir(), 'taller-sockets-alumno-'));
  copyFileSync(program, join(cwd, exercises.get(id)!.fileName));
  return cwd;
}

/** Our temporary folders still there: those whose owner file names `pid` (see audit-hook.ts). */
function foldersOwnedBy(pid: number): string[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith('taller-sockets-grader-'))
    .filter((name) => {
      try {
        return readFileSync(join(tmpdir(), name, 'propietario'), 'utf8').startsWith(`${pid} `);
      } catch {
        return false;
      }
    });
}

/** Starts `verificar` without waiting, with the document's ports (no --puertos-libres). */
function startVerify(args: string[], cwd: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [BUILT_CLI, 'verificar', ...args], {
    cwd,
    env: { ...process.env, TALLER_SOCKETS_HOME: tempHome(), TALLER_SOCKETS_PUERTOS_LIBRES: '', CI: 'true', NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  return { child, output: () => output };
}

/** The learner's program (servidor-tcp.py) is among the marked processes. */
function learnerRunning(marker: string): boolean {
  return processesWithMarker(marker).some((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('servidor-tcp.py');
    } catch {
      return false; // ended while we looked
    }
  });
}

/** Bounded wait for a condition checked every 50 ms. */
async function waitFor(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`no llegó: ${what}`);
    await sleep(50);
  }
}

describe('dos verificar a la vez en la misma computadora', { concurrency: 1 }, () => {
  for (const mode of MODES) {
    for (const id of SERVERS) {
      it(`${id}, ${mode.name}: dos alumnos a la vez, dos vueltas, siempre bien`, async (t) => {
        if (mode.needsNamespace && !(await privateNetwork)) return t.skip('este sistema no da redes privadas sin ser administrador');
        const folders = [learnerWith(id), learnerWith(id)];
        for (const round of [1, 2]) {
          const runs = await Promise.all(folders.map((cwd) => runCli(['verificar', id], { cwd, env: { TALLER_SOCKETS_PUERTOS_LIBRES: '', ...mode.env }, timeoutMs: 90_000 })));
          for (const [i, run] of runs.entries()) {
            assert.equal(run.code, 0, `vuelta ${round}, alumno ${i + 1}:\n${run.stdout}${run.stderr}`);
            assert.doesNotMatch(run.stdout, /otra terminal\?\) y vuelve a verificar/);
          }
          if (mode.needsNamespace) {
            // Each in its own network: both on the document's port.
            for (const run of runs) assert.match(run.stdout, new RegExp(`PUERTO=${exercises.get(id)!.tester.defaultPort}\\)`));
          }
        }
      });
    }
  }
});

describe('verificar interrumpido no deja nada', { concurrency: 1 }, () => {
  for (const mode of MODES) {
    it(`kill -9 de verificar, ${mode.name}: ningún proceso, puerto ni carpeta 2 s después`, async (t) => {
      if (mode.needsNamespace && !(await privateNetwork)) return t.skip('este sistema no da redes privadas sin ser administrador');
      const marker = leakMarker();
      // A server that accepts and never answers: the grader waits, the program keeps the port.
      const cwd = learnerWith('servidor-tcp', HANGING);
      const { child, output } = startVerify(['servidor-tcp', '--puerto', 'libre'], cwd, { ...mode.env, TALLER_SOCKETS_LEAK_MARKER: marker.value });
      await waitFor('el programa del alumno en marcha', () => learnerRunning(marker.value));
      await waitFor('la primera prueba', () => /PUERTO=\d+/.test(output()));
      const port = Number(/PUERTO=(\d+)/.exec(output())![1]);
      const pid = child.pid!;
      const exited = new Promise((resolve) => child.once('close', resolve));
      process.kill(pid, 'SIGKILL');
      await exited;
      const killedAt = Date.now();
      assert.deepEqual(await survivingProcesses(marker.value, 2000), [], 'procesos que sobreviven a verificar');
      await waitFor('sin carpetas', () => foldersOwnedBy(pid).length === 0, Math.max(0, 2000 - (Date.now() - killedAt)));
      if (!mode.needsNamespace) assert.deepEqual(await openTcpEntries([port]), [], 'nadie escucha ya en el puerto');
      assert.ok(Date.now() - killedAt <= 2500);
    });

    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      it(`${signal} a verificar --vigilar, ${mode.name}: ni procesos ni carpetas`, async (t) => {
        if (mode.needsNamespace && !(await privateNetwork)) return t.skip('este sistema no da redes privadas sin ser administrador');
        const marker = leakMarker();
        const cwd = learnerWith('servidor-tcp', HANGING);
        const { child } = startVerify(['servidor-tcp', '--vigilar', '--puerto', 'libre'], cwd, { ...mode.env, TALLER_SOCKETS_LEAK_MARKER: marker.value });
        await waitFor('el programa del alumno en marcha', () => learnerRunning(marker.value));
        const pid = child.pid!;
        const exited = new Promise((resolve) => child.once('close', resolve));
        process.kill(pid, signal);
        await exited;
        assert.deepEqual(await survivingProcesses(marker.value, 2000), []);
        await waitFor('sin carpetas', () => foldersOwnedBy(pid).length === 0, 2000);
      });
    }
  }

  it('en la red privada el vigilante de la corrida arranca antes del trabajo: uno solo por corrida, y sin trabajo (un archivo que no existe) no queda nada', async (t) => {
    if (!(await privateNetwork)) return t.skip('este sistema no da redes privadas sin ser administrador');
    const watchers = (marker: string): number[] =>
      processesWithMarker(marker).filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('run-watcher.py');
        } catch {
          return false; // ended while we looked
        }
      });
    const marker = leakMarker();
    const { child } = startVerify(['servidor-tcp', '--puerto', 'libre'], learnerWith('servidor-tcp', HANGING), { TALLER_SOCKETS_LEAK_MARKER: marker.value });
    await waitFor('el programa del alumno en marcha', () => learnerRunning(marker.value));
    assert.equal(watchers(marker.value).length, 1, 'un vigilante: el que arrancó antes del trabajo');
    const exited = new Promise((resolve) => child.once('close', resolve));
    process.kill(child.pid!, 'SIGKILL');
    await exited;
    assert.deepEqual(await survivingProcesses(marker.value, 2000), []);

    const missing = leakMarker();
    const run = startVerify(['servidor-tcp', 'no-existe.py'], learnerWith('servidor-tcp'), { TALLER_SOCKETS_LEAK_MARKER: missing.value });
    const code = await new Promise((resolve) => run.child.once('close', resolve));
    assert.equal(code, 2, run.output());
    assert.match(run.output(), /no-existe\.py/);
    assert.deepEqual(await survivingProcesses(missing.value, 2000), [], 'el trabajador y su vigilante terminan con verificar');
    await waitFor('sin carpetas', () => foldersOwnedBy(run.child.pid!).length === 0, 2000);
  });

  it('las carpetas de un verificar muerto se barren al empezar el siguiente; las de uno vivo, o de uno que está empezando, no', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-barrido-'));
    const dead = join(dir, 'taller-sockets-grader-muerto');
    const alive = join(dir, 'taller-sockets-grader-vivo');
    // Being created by another grader right now: its owner file exists, still empty.
    const starting = join(dir, 'taller-sockets-grader-empezando');
    mkdirSync(dead);
    mkdirSync(alive);
    mkdirSync(starting);
    const namespace = readlinkPidNamespace();
    // A pid that cannot be alive: above the kernel's maximum.
    writeFileSync(join(dead, 'propietario'), `4194305 ${namespace}`);
    writeFileSync(join(alive, 'propietario'), `${process.pid} ${namespace}`);
    writeFileSync(join(starting, 'propietario'), '');
    assert.equal(sweepStaleAuditDirs(dir), 1);
    assert.deepEqual(readdirSync(dir).sort(), ['taller-sockets-grader-empezando', 'taller-sockets-grader-vivo']);
  });
});

describe('la reserva de un puerto entre procesos', () => {
  it('uno la tiene, el otro no, hasta que la suelta; la de un proceso muerto se toma al momento', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-reserva-'));
    const first = tryReservePort(40999, dir);
    assert.ok(first);
    assert.equal(tryReservePort(40999, dir), undefined);
    const waiting = reservePort(40999, { dir, waitMs: 5000 });
    first.release();
    const second = await waiting;
    assert.ok(second);
    second.release();
    mkdirSync(join(dir, 'taller-sockets-test-port-41000.lock'));
    writeFileSync(join(dir, 'taller-sockets-test-port-41000.lock', 'pid'), '4194305');
    const takenOver = tryReservePort(41000, dir);
    assert.ok(takenOver, 'la reserva de un proceso muerto se toma');
    takenOver.release();
  });
});

function readlinkPidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return '';
  }
}
