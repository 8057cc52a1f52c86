import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEvent } from '../../src/grader/audit-hook.js';
import {
  boundElsewhere, busyLine, clientBindExplanation, describeProgramState, doubleBindExplanation, exposedLines, isExpectedPlace,
  listenedOnAnotherSocket, listeningSocketExplanation, portAdvice, wentElsewhereLines, wrongPlaceLines, type Expected, type ProgramSnapshot,
} from '../../src/grader/diagnosis.js';
import { cutAtBufferHint, encodingHint, stripHint, truncatedDatagramHint } from '../../src/grader/reply-diagnosis.js';
import { pause, RunLifecycle, TestAborted } from '../../src/grader/lifecycle.js';
import { judgeOwner, socketsServingPort } from '../../src/grader/port-owner.js';
import { lateVerdict, BUSY_CPU_MS, READY_CAP_MS, READY_MS, WAITING_MS } from '../../src/grader/readiness.js';
import type { BoundSocket } from '../../src/grader/learner-sockets.js';

/** The harness's pure parts, without Python or sockets: diagnosis, lateness, lifecycle, port owner. */
const TCP: Expected = { transport: 'tcp', host: '127.0.0.1', port: 40123, defaultPort: 65432 };
const bind = (host: string, port: number, again?: AuditEvent['again']): AuditEvent => ({ event: 'bind', pid: 1, family: 2, type: 1, host, port, ...(again ? { again } : {}) });
const snapshot = (over: Partial<ProgramSnapshot>): ProgramSnapshot => ({ file: '/x/servidor.py', fileName: 'servidor.py', flooded: false, totalBytes: 0, stderr: '', ...over });

describe('diagnóstico a partir de lo observado', () => {
  it('un bind() repetido sobre el mismo socket explica el «Address already in use» sin culpar a otro programa', () => {
    const stderr = 'Traceback (most recent call last):\n  File "/x/servidor.py", line 9, in <module>\n    s.bind((HOST, PORT))\nOSError: [Errno 98] Address already in use\n';
    const state = describeProgramState(snapshot({ end: { code: 1, signal: null, killedByUs: false }, stderr }), [bind('127.0.0.1', 40123), bind('127.0.0.1', 40123, 'same-socket')], TCP);
    assert.equal(state.exception?.type, 'OSError');
    assert.match(state.lines.join('\n'), /dos veces a bind\(\) con 127\.0\.0\.1:40123 sobre el mismo socket/);
    assert.equal(doubleBindExplanation(state.exception, [bind('127.0.0.1', 40123)], 'tcp'), undefined);
  });

  it('un programa que el taller detuvo no «terminó»; uno que inunda la salida lo dice', () => {
    assert.deepEqual(describeProgramState(snapshot({ end: { code: null, signal: 'SIGKILL', killedByUs: true } }), [], TCP).lines, []);
    assert.match(describeProgramState(snapshot({ flooded: true }), [], TCP).lines[0]!, /más de 8 MB por pantalla/);
  });

  it('dice dónde hizo bind() cuando no es donde debía, y cómo leer PUERTO', () => {
    const places = boundElsewhere([bind('127.0.0.1', 65432), bind('127.0.0.1', 0)], TCP);
    assert.deepEqual(places, [{ host: '127.0.0.1', port: 65432 }]);
    const lines = wrongPlaceLines(places, TCP, true);
    assert.match(lines[0]!, /hizo bind\(\) en 127\.0\.0\.1:65432, pero debía hacerlo en 127\.0\.0\.1:40123/);
    assert.match(lines[1]!, /PUERTO \(vale 40123\)/);
    assert.match(wrongPlaceLines([{ host: '::1', port: 40123 }], TCP)[1]!, /El puerto es el correcto; revisa la dirección/);
  });

  it('bind() en un socket y listen() en otro', () => {
    assert.match(listenedOnAnotherSocket([bind('127.0.0.1', 40123)], TCP, [{ host: '127.0.0.1', port: 51000 }])![0]!, /llamó a listen\(\) en otro socket, que escucha en 127\.0\.0\.1:51000/);
    assert.equal(listenedOnAnotherSocket([bind('127.0.0.1', 1)], TCP, []), undefined);
  });

  it('un cliente que se conectó a otro puerto', () => {
    const connect: AuditEvent = { event: 'connect', pid: 1, family: 2, type: 1, host: '127.0.0.1', port: 65432 };
    assert.match(wentElsewhereLines([connect], 'connect', TCP)[0]!, /intentó conectarse a 127\.0\.0\.1:65432/);
    assert.deepEqual(wentElsewhereLines([{ ...connect, port: 40123 }], 'connect', TCP), []);
  });

  it('todas las interfaces y localhost cuentan como HOST:PUERTO (si se permite es otra prueba)', () => {
    for (const host of ['127.0.0.1', '0.0.0.0', '', 'localhost']) assert.ok(isExpectedPlace({ host, port: 40123 }, TCP));
    assert.ok(!isExpectedPlace({ host: '127.0.0.1', port: 65432 }, TCP));
  });

  it('un bucle que no termina: una décima del tiempo en la CPU, y en marcha ahora', () => {
    assert.equal(busyLine({ cpuMs: 0, running: true, at: 0 }, { cpuMs: 300, running: true, at: 2000 }).length, 1);
    assert.deepEqual(busyLine({ cpuMs: 0, running: true, at: 0 }, { cpuMs: 100, running: true, at: 2000 }), []);
    assert.deepEqual(busyLine({ cpuMs: 0, running: true, at: 0 }, { cpuMs: 2000, running: false, at: 2000 }), []);
  });
});

describe('cuándo un programa llega tarde', () => {
  it('dormido sin CPU, calculando sin parar, o pasado el tope; sin /proc, tras READY_MS', () => {
    assert.equal(lateVerdict({ elapsedMs: 500, waitingMs: 0, busyCpuMs: 0 }), undefined);
    assert.match(lateVerdict({ elapsedMs: 5000, waitingMs: WAITING_MS, busyCpuMs: 0 })!.reason, /parado, esperando otra cosa/);
    assert.deepEqual(lateVerdict({ elapsedMs: 5000, waitingMs: 0, busyCpuMs: BUSY_CPU_MS })!.busy, true);
    assert.match(lateVerdict({ elapsedMs: READY_CAP_MS + 1, waitingMs: 0, busyCpuMs: 0 })!.reason, /tras 20 s/);
    assert.equal(lateVerdict({ elapsedMs: READY_MS, waitingMs: undefined, busyCpuMs: 0 }), undefined);
    assert.match(lateVerdict({ elapsedMs: READY_MS + 1, waitingMs: undefined, busyCpuMs: 0 })!.reason, /tras 10 s/);
  });
});

describe('vida de una ejecución', () => {
  it('cierra lo registrado en orden inverso, una vez cada cosa, aunque una falle', async () => {
    const lifecycle = new RunLifecycle();
    const order: string[] = [];
    lifecycle.onTeardown(() => void order.push('programa'));
    const closeNow = lifecycle.onTeardown(() => void order.push('conexión'));
    lifecycle.onTeardown(() => {
      throw new Error('falla');
    });
    lifecycle.onTeardown(() => void order.push('datagramas'));
    await closeNow();
    const errors = await lifecycle.teardown();
    assert.deepEqual(order, ['conexión', 'datagramas', 'programa']);
    assert.equal(errors.length, 1);
    assert.deepEqual(await lifecycle.teardown(), []);
  });

  it('abortar una prueba termina sus esperas y la siguiente empieza limpia', async () => {
    const lifecycle = new RunLifecycle();
    lifecycle.beginTest();
    const waiting = pause(60_000, lifecycle.signal);
    lifecycle.abortTest();
    await waiting;
    await lifecycle.abort;
    assert.throws(() => lifecycle.checkAborted(), TestAborted);
    lifecycle.beginTest();
    assert.equal(lifecycle.aborted, false);
  });
});

describe('de quién es el puerto', () => {
  const socket = (over: Partial<BoundSocket>): BoundSocket => ({ protocol: 'tcp', host: '127.0.0.1', port: 40123, remotePort: 0, state: 'LISTEN', inode: 1, ...over });
  it('la conexión aceptada basta: un servidor de un cliente puede haber cerrado ya su socket de escucha', () => {
    const table = [socket({ state: 'ESTABLISHED', remotePort: 50000, inode: 7 }), socket({ port: 50000, remotePort: 40123, state: 'ESTABLISHED', inode: 8 })];
    const serving = socketsServingPort(table, 40123, 'tcp', 50000);
    assert.deepEqual(serving.map((s) => s.inode), [7]);
    assert.equal(judgeOwner(serving, new Set([7]), new Set([8])), 'learner');
  });

  it('«otro programa» solo si otro proceso tiene el socket; si nadie lo tiene, no se sabe', () => {
    const serving = socketsServingPort([socket({ inode: 3 })], 40123, 'tcp');
    assert.equal(judgeOwner(serving, new Set([9]), new Set([3])), 'other');
    assert.equal(judgeOwner(serving, new Set([9]), new Set()), 'unknown');
  });
});

describe('causas que se leen en los bytes', () => {
  const wanted = Buffer.from('Mensaje recibido ¿Qué tal, camión?. Gracias.');
  it('UTF-8 leído como Latin-1 («Ã³»), o codificado en Latin-1 (un byte por letra)', () => {
    assert.match(encodingHint(wanted, Buffer.from('Mensaje recibido ¿Qué tal, camión?. Gracias.', 'latin1'))[0]!, /codificó el texto en Latin-1/);
    const twice = Buffer.from(Buffer.from(wanted).toString('latin1'), 'utf8');
    assert.match(encodingHint(wanted, twice)[0]!, /«ó» se volvió «Ã³»/);
    assert.deepEqual(encodingHint(wanted, wanted), []);
    assert.deepEqual(encodingHint(Buffer.from('hola'), Buffer.from('chau')), []);
  });

  it('strip() en un eco, y un corte justo en el tamaño de recv()', () => {
    assert.match(stripHint(Buffer.from('  hola \n'), Buffer.from('hola'))[0]!, /strip\(\)/);
    assert.deepEqual(stripHint(Buffer.from('hola'), Buffer.from('hol')), []);
    const long = Buffer.alloc(3000, 0x61);
    assert.match(cutAtBufferHint(long, long.subarray(0, 1024))[0]!, /recv\(1024\) una sola vez/);
    assert.deepEqual(cutAtBufferHint(long, long.subarray(0, 1000)), []);
  });

  it('un datagrama truncado por recvfrom(16)', () => {
    const sent = Buffer.from('Hola, soy un cliente UDP creado por UPP');
    const reply = Buffer.from(`Mensaje recibido ${sent.subarray(0, 16).toString()}. Gracias.`);
    assert.match(truncatedDatagramHint(sent, reply, (text) => `Mensaje recibido ${text}. Gracias.`)[0]!, /cortado a 16 bytes/);
    assert.deepEqual(truncatedDatagramHint(sent, Buffer.from('otra cosa'), (text) => `Mensaje recibido ${text}. Gracias.`), []);
  });
});

describe('causas que se leen en las llamadas y en el código', () => {
  const exception = (type: string, message: string, code?: string) => ({ type, message, code });
  it('bind() a todas las interfaces cuando HOST es 127.0.0.1', () => {
    assert.match(exposedLines([bind('', 40123)], TCP)[1]!, /expuesto a todas las redes/);
    assert.deepEqual(exposedLines([bind('127.0.0.1', 40123)], TCP), []);
  });

  it('enviar por el socket que escucha, según la línea que falló y el código', () => {
    const source = 's = socket.socket()\ns.bind((HOST, PORT))\ns.listen()\nconn, addr = s.accept()\n';
    assert.match(listeningSocketExplanation(exception('BrokenPipeError', '[Errno 32] Broken pipe', '    s.sendall(data)'), source)!, /s es el socket que escucha/);
    assert.equal(listeningSocketExplanation(exception('BrokenPipeError', '[Errno 32] Broken pipe', '    conn.sendall(data)'), source), undefined);
  });

  it('un cliente que hizo bind() al puerto del servidor: nada de SO_REUSEADDR', () => {
    const line = clientBindExplanation(exception('OSError', '[Errno 98] Address already in use'), [bind('127.0.0.1', 40123)], { ...TCP, role: 'client' })!;
    assert.match(line, /Un cliente no necesita bind\(\)/);
    assert.doesNotMatch(line, /REUSEADDR/);
    assert.equal(clientBindExplanation(exception('OSError', '[Errno 98] Address already in use'), [bind('127.0.0.1', 40123)], { ...TCP, role: 'server' }), undefined);
  });

  it('un PUERTO ignorado se nombra', () => {
    const moved: Expected = { ...TCP, port: 40999 };
    assert.match(portAdvice([65432], moved)[0]!, /no leyó la variable PUERTO \(vale 40999\): usó el puerto del documento, 65432/);
  });
});
