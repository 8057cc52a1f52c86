import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { loadExercises } from '../../src/grader/exercise-content.js';
import { freePort } from '../../src/grader/port-choice.js';
import { gradeProgram } from '../../src/grader/run-tester.js';
import type { GraderEvent } from '../../src/grader/types.js';
import { withFixedPort } from '../helpers/fixed-port-lock.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';
import { assertFailsWith, assertPasses, busyOutsideTests, gradeChecked, occupyPort, strangerTookPort, timeWaitOn } from './grade-helpers.js';

/** A free port for the test to use as it likes: the grader must not find it reserved. */
async function unreservedFreePort(): Promise<number> {
  const reservation = await freePort('tcp', '127.0.0.1');
  reservation.release();
  return reservation.port;
}

const exercises = new Map((await loadExercises()).map((exercise) => [exercise.id, exercise]));
const servidorTcp = exercises.get('servidor-tcp')!;
const clienteTcp = exercises.get('cliente-tcp')!;
const servidorUdp = exercises.get('servidor-udp')!;
const GRADER_DIR = fileURLToPath(new URL('../../src/grader/', import.meta.url));
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
/** Inside withFixedPort the test holds the document port's reservation for the grader. */
const HELD = { documentPortHeld: true } as const;

/**
 * A program with the port written in its code, like the document's: every test passes until the
 * one that runs it on another port, which fails saying it did not read PUERTO.
 */
function assertOnlyIgnoresPuerto(result: Awaited<ReturnType<typeof gradeChecked>>): void {
  const failing = result.tests.findIndex((test) => test.status === 'fail');
  assert.ok(failing > 0, JSON.stringify(result.tests.map((test) => [test.name, test.status, test.message])));
  assert.ok(result.tests.slice(0, failing).every((test) => test.status === 'pass'));
  assertFailsWith(result, ['no leyó la variable PUERTO'], 'lee PUERTO');
}
const fixture = (path: string): string => fileURLToPath(new URL(`../fixtures/programs/${path}`, import.meta.url));
/** The document's listing with its one needed fix: it binds 65432 itself, so it lives apart from fixture-programs' set. */
const DOCUMENT_PORT_PROGRAM = fileURLToPath(new URL('../fixtures/document-port-programs/documento-corregido.py', import.meta.url));

describe('los puertos del documento', () => {
  it('un servidor escrito como el documento (puerto fijo, sin SO_REUSEADDR) se verifica dos veces seguidas', (t) =>
    withFixedPort(65432, async () => {
      if (await busyOutsideTests(t, 'tcp', 65432)) return;
      for (const round of [1, 2]) {
        const result = await gradeChecked(servidorTcp.tester, DOCUMENT_PORT_PROGRAM, HELD);
        if (strangerTookPort(t, result)) return;
        assert.equal(result.port, 65432, `vuelta ${round}: el puerto del documento`);
        assert.equal(result.portNote, undefined);
        assertOnlyIgnoresPuerto(result);
      }
      assert.deepEqual(await timeWaitOn(65432), []);
    }));

  it('tras un servidor que se cae (el del documento, sin corregir), el puerto 65432 sigue utilizable', (t) =>
    withFixedPort(65432, async () => {
      if (await busyOutsideTests(t, 'tcp', 65432)) return;
      const crashed = await gradeChecked(servidorTcp.tester, `${servidorTcp.dir}/inicio.py`, HELD);
      assert.equal(crashed.port, 65432);
      assertFailsWith(crashed, ["TypeError: a bytes-like object is required, not 'str'"]);
      const next = await gradeChecked(servidorTcp.tester, DOCUMENT_PORT_PROGRAM, HELD);
      if (strangerTookPort(t, next)) return;
      assertOnlyIgnoresPuerto(next);
    }));

  it('el cliente del documento se verifica en 65432 dos veces seguidas (el taller hace de servidor)', (t) =>
    withFixedPort(65432, async () => {
      if (await busyOutsideTests(t, 'tcp', 65432)) return;
      for (const _round of [1, 2]) {
        const result = await gradeChecked(clienteTcp.tester, clienteTcp.solutionFile, HELD);
        assert.equal(result.port, 65432);
        assertPasses(result);
      }
      assert.deepEqual(await timeWaitOn(65432), []);
    }));

  it('el servidor UDP del documento se verifica en 9999', (t) =>
    withFixedPort(9999, async () => {
      if (await busyOutsideTests(t, 'udp', 9999)) return;
      const result = await gradeChecked(servidorUdp.tester, servidorUdp.solutionFile, HELD);
      if (strangerTookPort(t, result)) return;
      assert.equal(result.port, 9999);
      assertPasses(result);
    }));

  it('con 65432 ocupado por otro programa, el taller usa otro puerto libre y dice por qué', (t) =>
    withFixedPort(65432, async () => {
      if (await busyOutsideTests(t, 'tcp', 65432)) return;
      const release = await occupyPort('tcp', 65432);
      try {
        const server = await gradeChecked(servidorTcp.tester, servidorTcp.solutionFile, HELD);
        assert.notEqual(server.port, 65432);
        assert.match(server.portNote ?? '', /El puerto 65432 del documento ya lo usa otro programa, así que esta vez uso PUERTO=\d+/);
        assertPasses(server);
        const client = await gradeChecked(clienteTcp.tester, clienteTcp.solutionFile, HELD);
        assert.notEqual(client.port, 65432);
        assert.match(client.portNote ?? '', /65432/);
        assertPasses(client);
      } finally {
        await release();
      }
    }));
});

/**
 * The same property on a port only this test uses (the document's ports are shared with lessons
 * that leave TIME_WAIT on purpose): a program with its port written in the code, like the
 * document's, without SO_REUSEADDR, is graded again right after a run, whether that run passed
 * or crashed. The tester is the real one, with that port as its "document port".
 */
describe('un puerto fijo en el código, como en el documento', () => {
  it('se verifica dos veces seguidas, también después de un servidor que se cae', async () => {
    const port = await unreservedFreePort();
    const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-fijo-'));
    try {
      const documentStyle = readFileSync(DOCUMENT_PORT_PROGRAM, 'utf8').replace('65432', String(port));
      const good = join(dir, 'servidor-tcp.py');
      const crashing = join(dir, 'servidor-roto.py');
      writeFileSync(good, documentStyle);
      writeFileSync(crashing, documentStyle.replace("conn.sendall(b'Hola desde el servidor')", "conn.sendall('Hola desde el servidor')"));
      const tester = { ...servidorTcp.tester, defaultPort: port };
      for (const [file, passes] of [[good, true], [good, true], [crashing, false], [good, true]] as const) {
        const result = await gradeChecked(tester, file);
        assert.equal(result.port, port, `${file}: el puerto escrito en el código`);
        if (passes) assertOnlyIgnoresPuerto(result);
        else assertFailsWith(result, ["TypeError: a bytes-like object is required, not 'str'"]);
      }
      assert.deepEqual(await timeWaitOn(port), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('el taller como servidor tampoco deja TIME_WAIT en el puerto (cliente-tcp, dos veces seguidas)', async () => {
    const port = await unreservedFreePort();
    // The solution's own default stays 65432: the test of the defaults does not apply to this made-up document port.
    const tester = { ...clienteTcp.tester, defaultPort: port, tests: () => clienteTcp.tester.tests().filter((test) => !test.name.startsWith('sin HOST ni PUERTO')) };
    for (const _round of [1, 2]) {
      const result = await gradeChecked(tester, clienteTcp.solutionFile);
      assert.equal(result.port, port);
      assertPasses(result);
    }
  });
});

describe('el taller comprueba con quién habla', () => {
  it('si otro programa ocupa el puerto después de elegirlo, lo dice en vez de examinar al extraño', async () => {
    const port = await unreservedFreePort();
    const release = await occupyPort('tcp', port);
    try {
      // The grader is told to use a port that a stranger holds: the learner's bind fails.
      const marker = leakMarker();
      const result = await gradeProgram(servidorTcp.tester, servidorTcp.solutionFile, { port, env: { TALLER_SOCKETS_LEAK_MARKER: marker.value } });
      assertFailsWith(result, ['quien escucha ahí no es tu programa', 'Address already in use'], 'acepta');
      assert.deepEqual(await survivingProcesses(marker.value), []);
    } finally {
      await release();
    }
  });
});

describe('resultados y eventos', () => {
  it('un error de sintaxis da estado «error» (como en exercism), con la línea del archivo', async () => {
    const result = await gradeChecked(servidorTcp.tester, fixture('servidor-tcp/sintaxis.py'), { port: 'libre' });
    assert.equal(result.status, 'error');
    assert.equal(result.tests[0]!.status, 'error');
    assert.equal(result.tests[0]!.exception?.type, 'SyntaxError');
    assert.equal(result.tests[0]!.exception?.line, 7);
  });

  it('el grader no imprime ni termina el proceso: devuelve datos y emite eventos', () => {
    const offenders = sourceFiles(GRADER_DIR).filter((file) => /process\.(stdout|stderr|exit)\b|console\./.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('emite cada prueba en vivo, en orden', async () => {
    const events: GraderEvent[] = [];
    const result = await gradeProgram(servidorTcp.tester, servidorTcp.solutionFile, { port: 'libre', onEvent: (event) => events.push(event) });
    const names = servidorTcp.tester.tests().map((test) => test.name);
    assert.equal(events[0]!.type, 'run-started');
    assert.deepEqual(events[0]!.type === 'run-started' && events[0]!.tests, names);
    assert.equal(events.at(-1)!.type, 'run-finished');
    const started = events.filter((event) => event.type === 'test-started').map((event) => event.type === 'test-started' && event.name);
    const finished = events.filter((event) => event.type === 'test-finished').map((event) => event.type === 'test-finished' && event.result.status);
    assert.deepEqual(started, names);
    assert.deepEqual(finished, names.map(() => 'pass'));
    assert.ok(events.some((event) => event.type === 'step'), 'los pasos también se emiten');
    assert.equal(result.status, 'pass');
  });

  it('tras la primera prueba que falla, las demás quedan sin ejecutar', async () => {
    const result = await gradeChecked(servidorTcp.tester, `${servidorTcp.dir}/errores/sale-sin-responder.py`, { port: 'libre' });
    assert.deepEqual(
      result.tests.map((test) => test.status),
      ['pass', 'fail', 'skip', 'skip', 'skip', 'skip'],
    );
    assert.match(result.message, /1 de 6 pruebas superadas; falla «.*» y quedan 4 sin ejecutar\./);
  });
});
