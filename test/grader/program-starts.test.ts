import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditLog } from '../../src/grader/audit-hook.js';
import { learnerEnv } from '../../src/grader/learner-env.js';
import { LearnerProcess } from '../../src/grader/learner-process.js';
import { launchAhead, ProgramStarts } from '../../src/grader/program-starts.js';
import { resolvePython } from '../../src/system/python.js';

const scratch = mkdtempSync(join(tmpdir(), 'taller-sockets-arranques-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A program whose first line writes HOST and PUERTO as it sees them into `marker`, then ends. */
function reporter(marker: string): string {
  const file = join(scratch, `informa-${Math.random().toString(36).slice(2)}.py`);
  writeFileSync(file, ['import os', `open(${JSON.stringify(marker)}, 'w').write(repr((os.environ.get('HOST'), os.environ.get('PUERTO'), 'TALLER_SOCKETS_ARRANQUE' in os.environ)))`, ''].join('\n'));
  return file;
}

/** Bounded wait for a condition checked every 25 ms. */
async function waitFor(check: () => boolean, ms = 15_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

describe('arranques preparados del programa del alumno', { skip: process.platform === 'win32' ? 'no en Windows' : false }, () => {
  it('uno preparado no ejecuta ni una línea del programa hasta su turno, y entonces ve el HOST y el PUERTO de ese turno', async () => {
    const audit = AuditLog.create();
    try {
      const marker = join(scratch, 'turno.txt');
      const env = learnerEnv({ host: '127.0.0.1', port: 40001, hookDir: audit.dir, auditFile: audit.file });
      const learner = new LearnerProcess((await resolvePython()).executable, reporter(marker), env, '', { ahead: true });
      // Long enough for Python to be up and waiting in our sitecustomize (a few tens of ms).
      await sleep(1500);
      assert.ok(learner.running, 'espera su turno');
      assert.equal(existsSync(marker), false, 'el programa no corrió antes de su turno');
      assert.ok(learner.go({ HOST: '127.0.0.1', PUERTO: null }));
      const end = await learner.waitEnd(15_000);
      assert.equal(end?.code, 0, learner.stderr());
      assert.equal(readFileSync(marker, 'utf8'), "('127.0.0.1', None, False)", 'PUERTO quitado, y el aviso de turno no queda a la vista');
    } finally {
      audit.dispose();
    }
  });

  it('uno preparado que no llega a su turno termina sin correr el programa; sin preparar, go() no hace nada', async () => {
    const audit = AuditLog.create();
    try {
      const marker = join(scratch, 'nunca.txt');
      const env = learnerEnv({ host: '127.0.0.1', port: 40002, hookDir: audit.dir, auditFile: audit.file });
      const python = (await resolvePython()).executable;
      const learner = new LearnerProcess(python, reporter(marker), env, '', { ahead: true });
      (learner.child.stdio[3] as NodeJS.WritableStream).end();
      const end = await learner.waitEnd(15_000);
      assert.equal(end?.code, 0);
      assert.equal(existsSync(marker), false, 'el programa no corrió');
      const plain = new LearnerProcess(python, reporter(join(scratch, 'directo.txt')), env);
      assert.equal(plain.go({ HOST: null, PUERTO: null }), false);
      await plain.waitEnd(15_000);
      assert.equal(readFileSync(join(scratch, 'directo.txt'), 'utf8'), "('127.0.0.1', '40002', False)");
    } finally {
      audit.dispose();
    }
  });

  it('ProgramStarts: el segundo arranque es el preparado (ya en marcha antes de pedirlo), con las variables del segundo; sin otro por delante no prepara ninguno', async () => {
    const audit = AuditLog.create();
    const teardowns: (() => Promise<void>)[] = [];
    try {
      const python = (await resolvePython()).executable;
      const markers = [join(scratch, 'primero.txt'), join(scratch, 'segundo.txt')];
      const file = join(scratch, 'cuenta.py');
      writeFileSync(file, [
        'import os',
        "port = os.environ.get('PUERTO')",
        `open(os.path.join(${JSON.stringify(scratch)}, ('primero' if port == '40003' else 'segundo') + '.txt'), 'w').write(port or '')`,
        '',
      ].join('\n'));
      const starts = new ProgramStarts({ python, file, onTeardown: (teardown) => void teardowns.push(teardown), ahead: true });
      const env = (port: number) => learnerEnv({ host: '127.0.0.1', port, hookDir: audit.dir, auditFile: audit.file });
      const first = starts.start(env(40003), true);
      assert.ok(await waitFor(() => existsSync(markers[0]!)), 'el primero corre al momento');
      await first.waitEnd(15_000);
      // The prepared one is the second process launched: it is already running before we ask for it.
      assert.equal(teardowns.length, 2, 'uno en marcha y uno preparado');
      const second = starts.start(env(40004), false);
      assert.ok(await waitFor(() => existsSync(markers[1]!)));
      assert.equal(readFileSync(markers[1]!, 'utf8'), '40004');
      assert.equal(teardowns.length, 2, 'el segundo es el preparado, y no se preparó otro');
      await second.waitEnd(15_000);
    } finally {
      for (const teardown of teardowns.reverse()) await teardown();
      audit.dispose();
    }
  });

  it('ProgramStarts toma el primer arranque lanzado antes de la corrida si es del mismo programa; el de otro archivo lo mata y arranca uno nuevo', async () => {
    const audit = AuditLog.create();
    const teardowns: (() => Promise<void>)[] = [];
    try {
      const python = (await resolvePython()).executable;
      const marker = join(scratch, 'antes.txt');
      const file = reporter(marker);
      const env = (port: number) => learnerEnv({ host: '127.0.0.1', port, hookDir: audit.dir, auditFile: audit.file });
      const waiting = launchAhead(python, file, env(0));
      const starts = new ProgramStarts({ python, file, onTeardown: (teardown) => void teardowns.push(teardown), ahead: true, waiting });
      const learner = starts.start(env(40005), false);
      assert.equal(learner, waiting.learner, 'el lanzado antes');
      await learner.waitEnd(15_000);
      assert.equal(readFileSync(marker, 'utf8'), "('127.0.0.1', '40005', False)");

      const other = launchAhead(python, reporter(join(scratch, 'otro.txt')), env(0));
      const fresh = new ProgramStarts({ python, file, onTeardown: (teardown) => void teardowns.push(teardown), ahead: true, waiting: other });
      assert.ok((await other.learner.waitEnd(15_000))?.killedByUs, 'el de otro archivo muere');
      const started = fresh.start(env(40006), false);
      assert.notEqual(started, other.learner);
      await started.waitEnd(15_000);
      assert.equal(readFileSync(marker, 'utf8'), "('127.0.0.1', '40006', False)");
      assert.equal(existsSync(join(scratch, 'otro.txt')), false);
    } finally {
      for (const teardown of teardowns.reverse()) await teardown();
      audit.dispose();
    }
  });
});
