import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AuditLog } from '../../src/grader/audit-hook.js';
import { loadExercises } from '../../src/grader/exercise-content.js';
import { learnerEnv } from '../../src/grader/learner-env.js';
import { resolvePython } from '../../src/system/python.js';
import { assertPasses, gradeChecked } from './grade-helpers.js';

const servidorTcp = (await loadExercises()).find((exercise) => exercise.id === 'servidor-tcp')!;
const scratch = mkdtempSync(join(tmpdir(), 'taller-sockets-readiness-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function program(name: string, lines: string[]): string {
  const file = join(scratch, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('saber que el programa escucha', () => {
  it('el registro del programa avisa en cuanto llama a bind(), antes de que termine', async () => {
    const audit = AuditLog.create();
    try {
      const file = program('vincula.py', [
        'import socket, sys',
        's = socket.socket()',
        "s.bind(('127.0.0.1', 0))",
        's.listen()',
        'sys.stdin.read()', // stays until we close its input: the change must come while it runs
      ]);
      const changed = audit.nextChange();
      const python = (await resolvePython()).executable;
      const env = learnerEnv({ host: '127.0.0.1', port: 0, hookDir: audit.dir, auditFile: audit.file });
      const child = spawn(python, [file], { env, stdio: ['pipe', 'ignore', 'inherit'] });
      const exited = once(child, 'exit').then(() => 'terminó' as const);
      const first = await Promise.race([changed.then(() => 'aviso' as const), exited]);
      child.stdin.end();
      await exited;
      assert.equal(first, 'aviso');
      assert.deepEqual(audit.events().map((event) => event.event), ['bind']);
    } finally {
      audit.dispose();
    }
  });

  it('un servidor cuyo registro no puede avisar (se reemplaza por un Python aislado, -I) se califica igual de bien', async () => {
    const solution = join(servidorTcp.dir, 'solucion.py');
    const file = program('se-reemplaza.py', [
      'import os, sys',
      `os.execv(sys.executable, [sys.executable, '-I', ${JSON.stringify(solution)}])`,
    ]);
    assertPasses(await gradeChecked(servidorTcp.tester, file, { port: 'libre' }));
  });
});
