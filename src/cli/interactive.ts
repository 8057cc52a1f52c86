import { isTerminal } from '../system/terminal.js';

/** Whether we may wait for keys: a real terminal on both ends, and not in CI. */
export function isInteractive(): boolean {
  const ci = process.env.CI;
  if (ci && ci !== '0' && ci !== 'false') return false;
  return isTerminal(process.stdin) && isTerminal(process.stdout);
}
