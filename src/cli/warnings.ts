import { theme } from '../ui/theme.js';

/** Prints warnings (once each) on stderr, so they never mix with --json output. */
export function printWarnings(warnings: string[]): void {
  for (const warning of warnings.splice(0)) process.stderr.write(`${theme.yellow('Aviso:')} ${warning}\n`);
}
