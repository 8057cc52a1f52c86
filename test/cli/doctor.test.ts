import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.js';
import { withFixedPort } from '../helpers/fixed-port-lock.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';
import { spawnGroup, killGroup } from '../../src/system/process-group.js';
import { resolvePython } from '../../src/system/python.js';

interface Check {
  id: string;
  title: string;
  status: 'ok' | 'warning' | 'failure' | 'unavailable';
  message: string;
  fix?: string;
  blocking: boolean;
  details?: Record<string, unknown>;
}

const IDS = [
  'python', 'launcher', 'loopback-tcp', 'loopback-udp', 'loopback-ipv6', 'port-65432-tcp', 'port-9999-udp',
  'tcp-states', 'netns', 'progress-folder', 'terminal', 'leftovers',
];

async function doctorJson(env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; data: { ok: boolean; checks: Check[] }; stderr: string }> {
  const result = await runCli(['doctor', '--json'], { env });
  return { code: result.code, data: JSON.parse(result.stdout), stderr: result.stderr };
}

function check(checks: Check[], id: string): Check {
  const found = checks.find((item) => item.id === id);
  assert.ok(found, `check ${id} reported`);
  return found;
}

test('doctor --json informa de cada comprobación, con Python y loopback reales', async () => {
  const home = tempHome();
  const { code, data, stderr } = await doctorJson({ TALLER_SOCKETS_HOME: home });
  assert.equal(code, 0, stderr);
  assert.equal(data.ok, true);
  assert.deepEqual(data.checks.map((item) => item.id), IDS);
  for (const item of data.checks) {
    assert.ok(['ok', 'warning', 'failure', 'unavailable'].includes(item.status), item.id);
    assert.ok(item.title && item.message, item.id);
    assert.equal(typeof item.blocking, 'boolean');
  }
  const python = await resolvePython();
  const pythonCheck = check(data.checks, 'python');
  assert.equal(pythonCheck.status, 'ok');
  assert.equal(pythonCheck.details?.version, python.version.join('.'));
  assert.equal(pythonCheck.details?.executable, python.executable);
  assert.match(pythonCheck.message, new RegExp(`Python ${python.version.join('\\.')} en `));
  assert.equal(check(data.checks, 'loopback-tcp').status, 'ok');
  assert.equal(check(data.checks, 'loopback-udp').status, 'ok');
  // This machine: Linux with /proc, so TCP states and port owners are available.
  if (process.platform === 'linux') {
    assert.equal(check(data.checks, 'tcp-states').status, 'ok');
    assert.notEqual(check(data.checks, 'port-65432-tcp').details?.owners, 'no disponible');
  }
  const folder = check(data.checks, 'progress-folder');
  assert.equal(folder.status, 'ok');
  assert.equal(folder.details?.dir, home);
  const terminal = check(data.checks, 'terminal');
  assert.equal(terminal.details?.stdoutTTY, false);
  assert.equal(terminal.details?.colors, false, 'NO_COLOR is honoured');
  assert.deepEqual(['ok', 'warning', 'failure', 'unavailable'].includes(check(data.checks, 'netns').status), true);
});

test('doctor en texto: una línea por comprobación, en español, y sale con 0', async () => {
  const result = await runCli(['doctor']);
  assert.equal(result.code, 0, result.stderr);
  for (const title of ['Python', 'TCP en 127.0.0.1', 'UDP en 127.0.0.1', 'IPv6 en ::1', 'Puerto 65432/tcp', 'Puerto 9999/udp', 'Estados TCP', 'Redes privadas (netns)', 'Carpeta de progreso', 'Terminal', 'Restos de ejecuciones anteriores']) {
    assert.match(result.stdout, new RegExp(`^ [✔!✘–] ${title.replace(/[()/.]/g, '\\$&')} `, 'm'), title);
  }
  assert.match(result.stdout, /Todo listo para el taller/);
  assert.doesNotMatch(result.stdout, /\u001b\[/);
});

test('con TALLER_SOCKETS_PYTHON=/nonexistent, doctor falla (1) y dice cómo arreglarlo', async () => {
  const text = await runCli(['doctor'], { env: { TALLER_SOCKETS_PYTHON: '/nonexistent' } });
  assert.equal(text.code, 1);
  assert.match(text.stdout, /✘ Python +TALLER_SOCKETS_PYTHON apunta a «\/nonexistent», que no existe\./);
  assert.match(text.stdout, /Cómo arreglarlo: Corrige la ruta/);
  assert.match(text.stdout, /Hay 1 problema que impide usar el taller/);
  const { code, data } = await doctorJson({ TALLER_SOCKETS_PYTHON: '/nonexistent' });
  assert.equal(code, 1);
  assert.equal(data.ok, false);
  const python = check(data.checks, 'python');
  assert.equal(python.status, 'failure');
  assert.equal(python.blocking, true);
  // The rest is still checked and reported.
  assert.equal(check(data.checks, 'loopback-tcp').status, 'ok');
});

test('sin Python en el PATH, doctor lo dice en español', async () => {
  const emptyBin = mkdtempSync(join(tmpdir(), 'taller-sockets-sin-python-'));
  const { code, data } = await doctorJson({ PATH: emptyBin, TALLER_SOCKETS_PYTHON: undefined });
  assert.equal(code, 1);
  const python = check(data.checks, 'python');
  assert.equal(python.status, 'failure');
  assert.match(python.message, /No encuentro Python 3 en tu PATH/);
  assert.match(python.fix ?? '', /Instala Python 3\.8 o posterior/);
});

test('con un Python demasiado viejo, doctor falla y da la versión mínima', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-python-viejo-'));
  const fake = join(dir, 'python3');
  const real = (await resolvePython()).executable;
  // The real interpreter, except that asked for its version it claims to be 3.6.9.
  writeFileSync(fake, [
    '#!/bin/sh',
    'case "$2" in *interpreter.py)',
    `  exec "${real}" -I -c "$(sed 's/sys\\.version_info\\[:3\\]/(3, 6, 9)/g' "$2")" ;;`,
    'esac',
    `exec "${real}" "$@"`,
    '',
  ].join('\n'));
  chmodSync(fake, 0o755);
  const { code, data } = await doctorJson({ TALLER_SOCKETS_PYTHON: fake });
  assert.equal(code, 1);
  assert.match(check(data.checks, 'python').message, /es la versión 3\.6\.9; el taller necesita Python 3\.8 o posterior/);
});

test('si la carpeta de progreso no se puede escribir, doctor falla con la solución', async () => {
  const notAFolder = join(tempHome(), 'soy-un-archivo');
  writeFileSync(notAFolder, 'no soy una carpeta');
  const result = await runCli(['doctor'], { env: { TALLER_SOCKETS_HOME: notAFolder } });
  assert.equal(result.code, 1);
  assert.match(result.stdout, /✘ Carpeta de progreso +no puedo escribir en .*soy-un-archivo \(existe, pero no es una carpeta\)/);
  assert.match(result.stdout, /TALLER_SOCKETS_HOME=\/otra\/carpeta/);
});

const ownersSkip = process.platform !== 'linux' ? 'solo Linux expone los dueños' : false;

/** Holds a document port from a real Python process, runs doctor, and checks what it says of that port. */
async function portHeldBy(protocol: 'tcp' | 'udp', port: number): Promise<void> {
  const python = await resolvePython();
  const marker = leakMarker();
  const create = protocol === 'tcp'
    // SO_REUSEADDR: connections of earlier tests may linger in TIME_WAIT on this port.
    ? 's = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)'
    : 's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)';
  // A test elsewhere that does not take the port lock may hold the port for a moment: bounded retries.
  const script = [
    'import socket, sys, time',
    'for attempt in range(100):',
    `    ${create}`,
    '    try:',
    `        s.bind(("127.0.0.1", ${port}))`,
    '        break',
    '    except OSError:',
    '        s.close()',
    '        time.sleep(0.1)',
    'else:',
    '    sys.exit("puerto ocupado por otro proceso durante 10 s")',
    ...(protocol === 'tcp' ? ['s.listen()'] : []),
    'print("listo", flush=True)',
    'sys.stdin.read()',
  ].join('\n');
  // Other test files use the same port: take its lock (one lock per test, so no lock-order deadlock).
  await withFixedPort(port, async () => {
    const holder = spawnGroup(python.executable, ['-c', script], {
      env: marker.env,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.setEncoding('utf8').on('data', (text: string) => text.includes('listo') && resolve());
        holder.once('exit', () => reject(new Error('the port holder ended early')));
      });
      const { code, data } = await doctorJson();
      assert.equal(code, 0, 'a busy port is a warning, not a blocker');
      const found = check(data.checks, `port-${port}-${protocol}`);
      assert.equal(found.status, 'warning');
      assert.match(found.message, new RegExp(`ocupado por pid ${holder.pid} \\(.*python.*\\): 127\\.0\\.0\\.1:${port} ${protocol === 'tcp' ? 'LISTEN' : 'bind'}`));
      assert.deepEqual((found.details?.owners as Array<{ pid: number }>).map((owner) => owner.pid), [holder.pid]);
      assert.match(found.fix ?? '', /las lecciones usarán otro puerto libre/);
    } finally {
      killGroup(holder);
    }
  });
  assert.deepEqual(await survivingProcesses(marker.value), []);
}

test('doctor dice qué proceso ocupa el puerto 65432/tcp', { skip: ownersSkip}, () => portHeldBy('tcp', 65432));

test('doctor dice qué proceso ocupa el puerto 9999/udp', { skip: ownersSkip}, () => portHeldBy('udp', 9999));
