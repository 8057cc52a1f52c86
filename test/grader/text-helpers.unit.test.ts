import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { byteCount, describeBytesMismatch, pythonBytesRepr, seconds, spanishNumber, visibleText } from '../../src/grader/bytes-view.js';
import { parseTraceback } from '../../src/grader/python-traceback.js';
import { isSecretName, learnerEnv } from '../../src/grader/learner-env.js';
import { mismatchHints } from '../../src/grader/stream-checks.js';

describe('bytes como los muestra Python', () => {
  it('repr de bytes: imprimibles tal cual, el resto escapado, comillas como Python', () => {
    assert.equal(pythonBytesRepr(Buffer.from('Hola\n')), "b'Hola\\n'");
    assert.equal(pythonBytesRepr(Buffer.from('ñ')), "b'\\xc3\\xb1'");
    assert.equal(pythonBytesRepr(Buffer.from("it's")), 'b"it\'s"');
    assert.equal(pythonBytesRepr(Buffer.from([0, 9, 13, 92, 255])), "b'\\x00\\t\\r\\\\\\xff'");
  });

  it('marca la primera diferencia debajo del byte que cambia', () => {
    const lines = describeBytesMismatch(Buffer.from('Hola desde el servidor'), Buffer.from("b'Hola desde el servidor'"));
    assert.equal(lines[0], "esperaba: b'Hola desde el servidor'");
    assert.equal(lines[1], 'recibí:   b"b\'Hola desde el servidor\'"');
    assert.equal(lines[2]!.indexOf('^'), 'recibí:   b"'.length);
    assert.match(lines[2]!, /primera diferencia \(byte 1\)/);
  });

  it('en datos largos muestra una ventana alrededor de la diferencia y dice dónde acaba lo recibido', () => {
    const expected = Buffer.alloc(1000, 0x61);
    const received = expected.subarray(0, 600);
    const lines = describeBytesMismatch(expected, received);
    assert.match(lines[0]!, /^esperaba: …b'a+'… {2}\(1000 bytes\)$/);
    assert.match(lines[2]!, /byte 601: ahí se acaba lo recibido/);
  });

  it('números como se escriben en español: coma decimal y, desde cinco cifras, miles separados por espacios', () => {
    assert.deepEqual([0, 999, 1234, 9999, 10_000, 1_048_576, -12_345].map(spanishNumber), ['0', '999', '1234', '9999', '10 000', '1 048 576', '-12 345']);
    assert.deepEqual([0.2, 1.5, 12_345.6].map(spanishNumber), ['0,2', '1,5', '12 345,6']);
    assert.deepEqual([1, 2, 22, 16_777_216].map(byteCount), ['1 byte', '2 bytes', '22 bytes', '16 777 216 bytes']);
    assert.deepEqual([0, 40, 1500, 3000, 20_000].map(seconds), ['0 s', '0 s', '1,5 s', '3 s', '20 s']);
  });

  it('texto con invisibles visibles', () => {
    assert.equal(visibleText('hola\r\n\t'), 'hola\\r\\n\\t');
  });

  it('reconoce las causas típicas de una respuesta distinta', () => {
    assert.match(mismatchHints(Buffer.from('Mensaje recibido hola. Gracias.'), Buffer.from("Mensaje recibido b'hola'. Gracias."))[0]!, /b'\.\.\.' dentro/);
    assert.match(mismatchHints(Buffer.from('hola'), Buffer.from('hola\n'))[0]!, /salto de línea/);
    assert.match(mismatchHints(Buffer.from('x'), Buffer.from('<built-in method decode of bytes object at 0x7f>'))[0]!, /paréntesis/);
  });
});

describe('tracebacks de Python', () => {
  const file = '/home/ana/servidor-tcp.py';

  it('toma la excepción final, su clase sin módulo y la línea del archivo del alumno', () => {
    const stderr = [
      'Traceback (most recent call last):',
      `  File "${file}", line 22, in <module>`,
      "    conn.sendall('Hola desde el servidor')",
      'TypeError: a bytes-like object is required, not \'str\'',
      '',
    ].join('\n');
    const exception = parseTraceback(stderr, file)!;
    assert.equal(exception.type, 'TypeError');
    assert.equal(exception.message, "a bytes-like object is required, not 'str'");
    assert.equal(exception.line, 22);
    assert.equal(exception.code, "conn.sendall('Hola desde el servidor')");
    assert.match(exception.explanation!, /Los sockets envían bytes/);
  });

  it('la línea es la del archivo del alumno aunque el error salte dentro de la biblioteca', () => {
    const stderr = [
      'Traceback (most recent call last):',
      `  File "${file}", line 9, in <module>`,
      '    s = socket.create_connection((HOST, PORT))',
      '        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
      '  File "/usr/lib/python3.11/socket.py", line 851, in create_connection',
      '    raise exceptions[0]',
      'ConnectionRefusedError: [Errno 111] Connection refused',
    ].join('\n');
    const exception = parseTraceback(stderr, file)!;
    assert.equal(exception.type, 'ConnectionRefusedError');
    assert.equal(exception.line, 9);
    assert.match(exception.explanation!, /Nadie está escuchando/);
  });

  it('errores de sintaxis (sin cabecera), clases con módulo y excepciones en hilos', () => {
    const syntax = parseTraceback(`  File "${file}", line 7\n    print('x'\n         ^\nSyntaxError: '(' was never closed\n`, file)!;
    assert.deepEqual([syntax.type, syntax.line], ['SyntaxError', 7]);
    const gai = parseTraceback(`Traceback (most recent call last):\n  File "${file}", line 3, in <module>\nsocket.gaierror: [Errno -2] Name or service not known\n`, file)!;
    assert.equal(gai.type, 'gaierror');
    const thread = parseTraceback(
      `Exception in thread Thread-1 (atender):\nTraceback (most recent call last):\n  File "${file}", line 12, in atender\n    data.decode()\nUnicodeDecodeError: 'utf-8' codec can't decode byte 0xc3 in position 0: unexpected end of data\n`,
      file,
    )!;
    assert.equal(thread.inThread, 'Thread-1 (atender)');
    assert.equal(thread.line, 12);
    assert.match(thread.explanation!, /UTF-8 completo/);
  });

  it('explica también los errores de leer HOST y PUERTO', () => {
    const stderr = `Traceback (most recent call last):\n  File "${file}", line 4, in <module>\n    PORT = int(os.environ['PUERTO'])\nValueError: invalid literal for int() with base 10: ''\n`;
    assert.match(parseTraceback(stderr, file)!.explanation!, /int\('65432'\) funciona/);
    const missing = `Traceback (most recent call last):\n  File "${file}", line 4, in <module>\nKeyError: 'PUERTO'\n`;
    assert.match(parseTraceback(missing, file)!.explanation!, /os\.environ\.get\('PUERTO', '65432'\)/);
  });

  it('sin traceback no inventa nada', () => {
    assert.equal(parseTraceback('Servidor esperando...\n', file), undefined);
  });
});

describe('entorno del programa', () => {
  it('sin variables que parecen secretos, con HOST y PUERTO', () => {
    const env = learnerEnv(
      { host: '127.0.0.1', port: 40000, extra: { TALLER_SOCKETS_LEAK_MARKER: 'm' } },
      { PATH: '/usr/bin', GITHUB_TOKEN: 'x', AWS_SECRET_ACCESS_KEY: 'y', DB_PASSWORD: 'z', SSH_AUTH_SOCK: '/tmp/a', PYTHONSTARTUP: 'evil.py', LANG: 'es_ES.UTF-8' },
    );
    assert.equal(env.HOST, '127.0.0.1');
    assert.equal(env.PUERTO, '40000');
    assert.equal(env.PATH, '/usr/bin');
    assert.equal(env.LANG, 'es_ES.UTF-8');
    assert.equal(env.TALLER_SOCKETS_LEAK_MARKER, 'm');
    for (const name of ['GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'SSH_AUTH_SOCK', 'PYTHONSTARTUP']) assert.equal(env[name], undefined, name);
    assert.ok(isSecretName('api_key') && !isSecretName('HOME'));
  });
});
