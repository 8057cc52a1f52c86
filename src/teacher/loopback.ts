import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { succeeds } from '../system/run-captured.js';

/** python/loopback-up.py: brings up `lo` in the current network namespace and uses it once. */
export function loopbackUpScript(): string {
  return join(packageRoot(), 'src', 'teacher', 'python', 'loopback-up.py');
}

/** Resolves false when it could not. */
export function bringLoopbackUp(python: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  return succeeds(python, ['-I', '-S', loopbackUpScript()], { env });
}
