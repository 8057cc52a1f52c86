import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';
import { makeClass, render, snapshot, type ClassFolder } from './class-fixtures.js';

/**
 * Issue 14, item 6: what a submission can touch. Each hostile program tries one thing and, if it
 * got through, goes on as a right server (it would pass); blocked, it dies of the error, so its
 * verdict must be a failure that names the error, and the host must show no trace of it.
 */
const BWRAP = existsSync('/usr/bin/bwrap') || existsSync('/bin/bwrap');
/** Outside the class folder and outside /tmp: this very test file, a file of the teacher's. */
const TEACHERS_FILE = fileURLToPath(import.meta.url);

const server = (before: string): string => `${before}\n${render('bien.py', {})}`;

const HOSTILE: Record<string, string> = {
  'lee-fuera.py': server(`print(open(${JSON.stringify(TEACHERS_FILE)}).read()[:80])`),
  'lee-shadow.py': server(`print(open('/etc/shadow').read()[:80])`),
  'toca-otra.py': server(`open('{{OTRA}}', 'a').write('# estuve aqui\\n')`),
  'toca-copias.py': server(
    [
      'import glob, os',
      "copias = [p for p in glob.glob('/tmp/taller-sockets-calificar-*/*/trabajo/*.py') + glob.glob(os.path.join(os.getcwd(), '..', '..', '*', 'trabajo', '*.py')) if 'toca-copias' not in p]",
      'for p in copias: open(p, "a").write("raise SystemExit(3)\\n")',
      "if not copias: raise PermissionError('no veo las copias de otras entregas')",
    ].join('\n'),
  ),
  'socket-unix.py': server(`import socket\nsocket.socket(socket.AF_UNIX).connect('{{SOCKET}}')`),
  'socket-abstracto.py': server(`import socket\nsocket.socket(socket.AF_UNIX).connect('\\0{{ABSTRACTO}}')`),
  'escribe-mucho.py': server(
    // Many files of 16 MB: each one under the per-file limit, together past the cap.
    "import os\nos.makedirs('basura', exist_ok=True)\nfor i in range(20):\n    open(f'basura/{i}', 'wb').write(b'x' * (16 * 1024 * 1024))",
  ),
  'mata-calificador.py': server(
    [
      'import os, signal',
      '# Every ancestor that is the grader (never further up: without protection this would reach the test itself).',
      'pid, victims = os.getppid(), []',
      'while pid > 1:',
      "    cmd = open(f'/proc/{pid}/cmdline', 'rb').read()",
      "    if b'calificar' in cmd: victims.append(pid)",
      "    pid = int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])",
      'for victim in victims: os.kill(victim, signal.SIGKILL)',
      "if not victims: raise ProcessLookupError('no veo al proceso que me califica')",
    ].join('\n'),
  ),
  'falsifica.py': [
    'import json, os',
    '# Without bubblewrap it shares the PID namespace of its worker: it writes a forged "all passed" into the worker\'s stdout.',
    "fake = {'type': 'result', 'result': {'exercise': 'servidor-tcp', 'file': 'x', 'status': 'pass', 'message': '', 'host': '127.0.0.1', 'port': 1, 'tests': [{'name': 't', 'status': 'pass', 'output': '', 'durationMs': 1}], 'durationMs': 1}}",
    'pid = os.getppid()',
    'while pid > 1 and b"__calificar-envio" not in open(f"/proc/{pid}/cmdline", "rb").read():',
    "    pid = int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])",
    "open(f'/proc/{pid}/fd/1', 'w').write(json.dumps(fake) + '\\n')",
    "raise SystemExit('escribí un resultado falso')",
  ].join('\n'),
};

interface Row {
  name: string;
  status: string;
  message: string;
}

describe('calificar: lo que una entrega puede tocar', { concurrency: false }, () => {
  let sockets: Server[] = [];
  let connections = 0;
  let dir: string;
  const abstract = `taller-sockets-prueba-${process.pid}`;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taller-sockets-unix-'));
    for (const path of [join(dir, 'agente.sock'), `\0${abstract}`]) {
      const listener = createServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => listener.listen(path, resolve));
      sockets.push(listener);
    }
  });
  after(async () => {
    await Promise.all(sockets.map((listener) => new Promise((resolve) => listener.close(resolve))));
    sockets = [];
    rmSync(dir, { recursive: true, force: true });
  });

  const grade = async (klass: ClassFolder, extra: string[], env: NodeJS.ProcessEnv = {}) => {
    const marker = leakMarker();
    const run = await runCli(['calificar', klass.dir, '--ejercicio', 'servidor-tcp', '--formato', 'json', '--tiempo-maximo', '20', ...extra], {
      env: { TALLER_SOCKETS_LEAK_MARKER: marker.value, ...env },
      timeoutMs: 150_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { complete: boolean; isolation: string; submissions: Row[] };
    assert.equal(report.complete, true);
    assert.deepEqual(await survivingProcesses(marker.value), [], 'nothing of any submission is left running');
    return { report, rows: new Map(report.submissions.map((row) => [row.name, row])), stderr: run.stderr };
  };

  const hostileClass = (names: string[]): ClassFolder => {
    const klass = makeClass([{ name: 'ana.py', template: 'bien.py' }], {});
    const vars = { OTRA: join(klass.dir, 'ana.py'), SOCKET: join(dir, 'agente.sock'), ABSTRACTO: abstract };
    for (const name of names) {
      let text = HOSTILE[name]!;
      for (const [key, value] of Object.entries(vars)) text = text.split(`{{${key}}}`).join(value);
      writeFileSync(join(klass.dir, name), text);
    }
    return klass;
  };

  for (const mode of ['auto', 'puertos'] as const) {
    it(`con bubblewrap (${mode}): leer fuera de su copia, tocar otra entrega, sockets Unix de la máquina, escribir sin tope y matar al calificador: todo falla y se informa`, { skip: !BWRAP && 'bubblewrap no está instalado', timeout: 200_000 }, async () => {
      const names = Object.keys(HOSTILE).filter((name) => mode === 'auto' || name !== 'socket-abstracto.py');
      const klass = hostileClass(names);
      const before = snapshot(klass.dir);
      const connectionsBefore = connections;
      try {
        const { report, rows } = await grade(klass, ['--aislamiento', mode, '--paralelo', '3']);
        assert.match(report.isolation, /aislada con bubblewrap/);
        assert.equal(rows.get('ana.py')?.status, 'pass', `the honest submission still passes: ${rows.get('ana.py')?.message}`);
        const failsWith = (name: string, pattern: RegExp): void => {
          const row = rows.get(name)!;
          assert.notEqual(row.status, 'pass', `${name} got through: ${row.message}`);
          assert.match(row.message, pattern, `${name}: ${row.message}`);
        };
        failsWith('lee-fuera.py', /FileNotFoundError/);
        failsWith('lee-shadow.py', /FileNotFoundError/);
        failsWith('toca-otra.py', /FileNotFoundError/);
        failsWith('toca-copias.py', /no veo las copias de otras entregas/);
        failsWith('socket-unix.py', /FileNotFoundError|ConnectionRefusedError/);
        if (mode === 'auto') failsWith('socket-abstracto.py', /ConnectionRefusedError|FileNotFoundError/);
        failsWith('escribe-mucho.py', /Errno 28|No space left/);
        failsWith('mata-calificador.py', /no veo al proceso que me califica/);
        assert.equal(connections, connectionsBefore, 'no host Unix socket was reached');
        assert.deepEqual(snapshot(klass.dir), before, 'the class folder is unchanged');
      } finally {
        klass.remove();
      }
    });
  }

  it('sin bubblewrap (TALLER_SOCKETS_SANDBOX=0): el informe lo dice; aun así nadie mata al calificador', { timeout: 200_000 }, async () => {
    const klass = hostileClass(['mata-calificador.py', 'lee-fuera.py', 'falsifica.py']);
    try {
      for (const mode of ['auto', 'puertos']) {
        const { report, rows, stderr } = await grade(klass, ['--aislamiento', mode], { TALLER_SOCKETS_SANDBOX: '0' });
        assert.match(report.isolation, /sin bubblewrap \(desactivado con TALLER_SOCKETS_SANDBOX=0\): el programa puede leer y escribir tus archivos/);
        assert.match(stderr, /Aviso: aislamiento .*sin bubblewrap/);
        assert.equal(rows.get('ana.py')?.status, 'pass', `the honest submission still passes: ${rows.get('ana.py')?.message}`);
        // Its own PID namespace (private network or not): the grader is not among what it sees.
        assert.match(rows.get('mata-calificador.py')!.message, /no veo al proceso que me califica/);
        // A forged result written into the worker's output is not taken for the worker's.
        assert.notEqual(rows.get('falsifica.py')?.status, 'pass', rows.get('falsifica.py')?.message);
        // What the guide says is not protected without bubblewrap: it reads the teacher's files.
        assert.equal(rows.get('lee-fuera.py')?.status, 'pass', 'without bubblewrap the files are readable, as the guide says');
      }
    } finally {
      klass.remove();
    }
  });
});
