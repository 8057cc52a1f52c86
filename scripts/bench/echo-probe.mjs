// One verificar-style grading of an echo server with a payload of a chosen size, in this process with
// the real grader code (bundled by the bench with esbuild): the eco-tcp exercise's own round trip,
// only bigger, so the bench can say how verificar's cost grows per MB. Prints JSON on stdout.
// Usage (after bundling): node echo-probe.js <program.py> <bytes>
import { randomBytes } from 'node:crypto';
import { gradeProgram } from '../../src/grader/run-tester.js';
import { STARTUP_TEST_MS } from '../../src/grader/harness.js';
import { echoRoundTrip } from '../../src/grader/testers/echo-tests.js';
import { closeAndExpectClose } from '../../src/grader/stream-checks.js';

const [program, bytesArgument] = process.argv.slice(2);
const bytes = Number(bytesArgument);
const payload = randomBytes(bytes);

/** eco-tcp's tester with a single client that sends `payload` and expects it back. */
const bigEcho = {
  exerciseId: 'eco-tcp',
  transport: 'tcp',
  role: 'server',
  defaultHost: '127.0.0.1',
  defaultPort: 65432,
  tests: () => [
    {
      name: `devuelve ${bytes} bytes tal cual`,
      timeoutMs: STARTUP_TEST_MS + 60_000,
      async run(h) {
        await h.startProgram();
        const peer = await h.connect();
        await echoRoundTrip(h, peer, payload, 'la carga');
        await closeAndExpectClose(h, peer);
      },
    },
  ],
};

const started = performance.now();
const result = await gradeProgram(bigEcho, program, { port: 'libre' });
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ status: result.status, message: result.message, failed: result.tests.find((test) => test.status !== 'pass'), ms })}\n`);
process.exit(result.status === 'pass' ? 0 : 1);
