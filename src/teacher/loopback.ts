import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/** python/loopback-up.py: brings up `lo` in the current network namespace and uses it once (run by the grader's run watcher, or by isolation.ts' probe). */
export function loopbackUpScript(): string {
  return join(packageRoot(), 'src', 'teacher', 'python', 'loopback-up.py');
}
