import { STARTUP_TEST_MS } from '../harness.js';
import { closeAndExpectClose } from '../stream-checks.js';
import type { TesterDefinition } from '../types.js';
import { echoRoundTrip } from './echo-tests.js';

/**
 * eco-tcp's round trip with a single payload, as big as wanted: how the bench measures
 * verificar's cost per MB, and how the tests prove a reply larger than the grader's read cap.
 */
export function singleEchoTester(payload: Buffer): TesterDefinition {
  return {
    exerciseId: 'eco-tcp',
    transport: 'tcp',
    role: 'server',
    defaultHost: '127.0.0.1',
    defaultPort: 65432,
    tests: () => [
      {
        name: `devuelve ${payload.length} bytes tal cual`,
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
}
