// One verificar-style grading of an echo server with a payload of a chosen size, in this process with
// the real grader code (bundled by the bench with esbuild): the eco-tcp exercise's own round trip,
// only bigger, so the bench can say how verificar's cost grows per MB. Prints JSON on stdout.
// Usage (after bundling): node echo-probe.js <program.py> <bytes>
import { randomBytes } from 'node:crypto';
import { gradeProgram } from '../../src/grader/run-tester.js';
import { singleEchoTester } from '../../src/grader/testers/single-echo.js';

const [program, bytesArgument] = process.argv.slice(2);
const bytes = Number(bytesArgument);
const payload = randomBytes(bytes);

/** eco-tcp's tester with a single client that sends `payload` and expects it back. */
const bigEcho = singleEchoTester(payload);

const started = performance.now();
const result = await gradeProgram(bigEcho, program, { port: 'libre' });
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ status: result.status, message: result.message, failed: result.tests.find((test) => test.status !== 'pass'), ms })}\n`);
process.exit(result.status === 'pass' ? 0 : 1);
