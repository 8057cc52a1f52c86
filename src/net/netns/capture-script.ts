import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';

/** capture.py: the namespace holder and packet capture, shipped in the package next to this module's source. */
export function captureScript(): string {
  return join(packageRoot(), 'src', 'net', 'netns', 'capture.py');
}
