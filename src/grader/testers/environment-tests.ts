import { randomInt } from 'node:crypto';
import { formatEndpoint } from '../audit-hook.js';
import { TestFailure, STARTUP_TEST_MS, type Harness } from '../harness.js';
import { startOnOtherPort, startWithDefaults } from '../port-moves.js';
import type { TestCase } from '../types.js';

/** The statement's rules about HOST and PUERTO (the same two items in every statement). */
const READ_VARIABLES_RULE = 'Leer la dirección y el puerto de las variables de entorno HOST y PUERTO';
const DEFAULTS_RULE = 'Si no están, usar los del documento';

/**
 * The two tests of those rules, for any exercise: `exchange` is a short whole conversation with
 * the freshly started program (connect, one message, its answer, the end). They go last: each
 * starts the program again.
 */
export function environmentTests(exchange: (h: Harness) => Promise<void>, defaults: { host: string; port: number }): TestCase[] {
  return [
    {
      name: 'lee PUERTO: funciona también en un puerto que no es el del documento',
      rule: READ_VARIABLES_RULE,
      hint: "Lee el puerto de la variable de entorno, con el del documento como valor por defecto: PORT = int(os.environ.get('PUERTO', '65432')).",
      timeoutMs: STARTUP_TEST_MS + 10000,
      restartsProgram: true,
      async run(h) {
        h.step('arranco tu programa con PUERTO en otro puerto');
        await startOnOtherPort(h);
        h.step(`arranqué tu programa con PUERTO=${h.port}; hablo con él en ${h.endpoint}`);
        await exchange(h);
      },
    },
    {
      name: `sin HOST ni PUERTO usa los valores del documento (${formatEndpoint(defaults.host, defaults.port)})`,
      rule: DEFAULTS_RULE,
      hint: "Da un valor por defecto a cada variable: os.environ.get('HOST', '127.0.0.1'); os.environ['HOST'] falla con KeyError cuando no está.",
      timeoutMs: STARTUP_TEST_MS + 15000,
      restartsProgram: true,
      async run(h) {
        h.step(`arranco tu programa sin HOST ni PUERTO (como cuando lo ejecutas a mano)`);
        await startWithDefaults(h);
        h.step(`sin variables, hablo con tu programa en ${formatEndpoint(defaults.host, defaults.port)}`);
        try {
          await exchange(h);
        } catch (error) {
          if (error instanceof TestFailure) {
            throw new TestFailure(['Arranqué tu programa sin las variables HOST y PUERTO, como cuando lo ejecutas a mano:', ...error.lines], error.exception);
          }
          throw error;
        }
      },
    },
  ];
}

/** Texts with non-ASCII letters whose UTF-8 size is exactly `bytes` (at least 1). */
function textOfSize(h: Harness, bytes: number, prefix: string): Buffer {
  let text = h.randomText(prefix);
  while (Buffer.byteLength(text) < bytes) text += ` ${h.randomText('y más')}`;
  const encoded = Buffer.from(text);
  // Cut on a character boundary, then pad with ASCII up to the size.
  let end = Math.min(bytes, encoded.length);
  while (end > 0 && (encoded[end]! & 0xc0) === 0x80) end--;
  return Buffer.concat([encoded.subarray(0, end), Buffer.alloc(bytes - end, 0x2e)]);
}

/** A random number of messages (from `min`), each of a random size between `minBytes` and `maxBytes`. */
export function randomMessages(h: Harness, options: { min: number; max: number; minBytes: number; maxBytes: number; prefix: string }): Buffer[] {
  const count = randomInt(options.min, options.max + 1);
  return Array.from({ length: count }, (_, i) => textOfSize(h, randomInt(options.minBytes, options.maxBytes + 1), `${options.prefix} ${i + 1}`));
}
