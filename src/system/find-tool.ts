import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

// iproute2 and util-linux live in sbin on many distributions, outside a normal user's PATH.
const SBIN = ['/usr/sbin', '/sbin', '/usr/bin', '/bin'];

/** Absolute path of a system tool (unshare, nsenter, ip), or undefined when it is not installed. */
export function findTool(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SBIN];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
