import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateNetworkFlags } from '../../src/teacher/namespace-flags.js';
import { findTool } from '../../src/system/find-tool.js';
import { resolvePython } from '../../src/system/python.js';
import { leakMarker, processesWithMarker, survivingProcesses } from '../helpers/leaks.js';
import { delay } from '../../src/system/delay.js';
import { AUDIT_DIR_PREFIX, OWN_TMPDIR } from '../../src/grader/audit-hook.js';

const unshare = process.platform === 'linux' ? findTool('unshare') : undefined;
/** The kernel takes a request for a child's table of its own (Linux 6.1 and later). */
const childTables = existsSync('/proc/sys/net/ipv4/tcp_child_ehash_entries');

/** Runs Python inside the namespaces, with its output. */
async function insidePrivateNetwork(code: string, pid: boolean): Promise<{ code: number | null; stdout: string }> {
  const python = (await resolvePython()).executable;
  const child = spawn(unshare!, [...privateNetworkFlags(unshare!, { pid }), python, '-I', '-S', '-c', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const exitCode = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  return { code: exitCode, stdout };
}

describe('la red privada de verificar y calificar', { skip: !unshare && 'sin unshare (Linux, util-linux)' }, () => {
  for (const pid of [true, false]) {
    it(`tiene su propia tabla TCP, pequeña, donde Linux lo permite${pid ? ', y su propio espacio de PID' : ''}`, async () => {
      const { code, stdout } = await insidePrivateNetwork(
        [
          'import os',
          "print(open('/proc/sys/net/ipv4/tcp_ehash_entries').read().strip())",
          'print(os.getpid())',
          // A private network: only its own loopback, still down.
          "import socket; print(sorted(name for _, name in socket.if_nameindex()))",
        ].join('\n'),
        pid,
      );
      assert.equal(code, 0, stdout);
      const [buckets, ownPid, interfaces] = stdout.trim().split('\n');
      // A negative size is the machine's table, shared (what a namespace made straight from the machine's gets).
      if (childTables) assert.equal(buckets, '1024', 'la tabla TCP de la red privada no es la suya');
      else assert.ok(buckets === undefined || Number(buckets) !== 0, stdout);
      if (pid) assert.equal(ownPid, '1', 'el programa no es el primer proceso de su espacio de PID');
      assert.equal(interfaces, "['lo']");
    });
  }

  it('si muere el unshare de fuera, muere todo lo de dentro (las dos capas)', async () => {
    const marker = leakMarker();
    const python = (await resolvePython()).executable;
    const child = spawn(unshare!, [...privateNetworkFlags(unshare!, { pid: true }), python, '-I', '-S', '-c', 'import time; time.sleep(60)'], {
      env: marker.env,
      stdio: 'ignore',
    });
    try {
      // Inside, both layers are up once the sleeping Python carries the marker.
      const deadline = Date.now() + 15_000;
      while (processesWithMarker(marker.value).length < 3 && Date.now() < deadline) await delay(20);
      assert.ok(processesWithMarker(marker.value).length >= 3, 'no arrancaron las dos capas y el programa');
      // Only the outer process, not its group: what the kernel does when its owner is killed with -9.
      process.kill(child.pid!, 'SIGKILL');
      assert.deepEqual(await survivingProcesses(marker.value, 5000), []);
    } finally {
      for (const pid of processesWithMarker(marker.value)) process.kill(pid, 'SIGKILL');
    }
  });

  for (const own of [true, false]) {
    it(own
      ? 'la carpeta que verificar dio a su trabajador se va con él aunque muera sin poder limpiar (kill -9)'
      : 'sin la marca de verificar, no se borra ninguna carpeta', async () => {
      const marker = leakMarker();
      const folder = mkdtempSync(join(tmpdir(), AUDIT_DIR_PREFIX));
      writeFileSync(join(folder, 'dentro'), 'x');
      const python = (await resolvePython()).executable;
      const env = { ...marker.env, TMPDIR: folder, ...(own ? { [OWN_TMPDIR]: '1' } : {}) };
      const child = spawn(unshare!, [...privateNetworkFlags(unshare!, { pid: true }), python, '-I', '-S', '-c', 'import time; time.sleep(60)'], { env, stdio: 'ignore' });
      const closed = new Promise((resolve) => child.once('close', resolve));
      try {
        const isSleeper = (pid: number): boolean => {
          try {
            // Python itself (the first process of its PID namespace), not the unshare and sh that carry its command line.
            return readFileSync(`/proc/${pid}/cmdline`, 'latin1').startsWith(`${python}\0`);
          } catch {
            return false;
          }
        };
        const deadline = Date.now() + 15_000;
        let sleeper: number | undefined;
        while (sleeper === undefined && Date.now() < deadline) {
          sleeper = processesWithMarker(marker.value).find(isSleeper);
          if (sleeper === undefined) await delay(20);
        }
        assert.ok(sleeper !== undefined, 'el programa no arrancó');
        // From outside its PID namespace: it dies at once, no exit hook of its own runs.
        process.kill(sleeper, 'SIGKILL');
        await closed;
        assert.equal(existsSync(folder), !own, own ? 'la carpeta sigue ahí' : 'borró una carpeta que no era suya');
      } finally {
        for (const pid of processesWithMarker(marker.value)) process.kill(pid, 'SIGKILL');
        rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
