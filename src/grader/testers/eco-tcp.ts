import type { TesterDefinition } from '../types.js';
import { echoTests } from './echo-tests.js';

/** A TCP echo server: every byte back, client after client, until stopped. */
export const ecoTcp: TesterDefinition = {
  exerciseId: 'eco-tcp',
  transport: 'tcp',
  role: 'server',
  defaultHost: '127.0.0.1',
  defaultPort: 65432,
  tests: () => echoTests(),
};
