import { isTerminal } from '../system/terminal.js';

/** Whether this runs under continuous integration: CI set, and not to 0 or false. */
export function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

/** Whether we may wait for keys: a real terminal on both ends, and not in CI. */
export function isInteractive(): boolean {
  return !inCi() && isTerminal(process.stdin) && isTerminal(process.stdout);
}
