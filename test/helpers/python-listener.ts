import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolvePython } from '../../src/system/python.js';

/** A Python that is not the workshop's, listening on a port without SO_REUSEADDR (as a learner's other program would). */
export async function pythonListener(port: number): Promise<{ stop: () => Promise<void> }> {
  const python = await resolvePython();
  const script = `import socket, sys\ns = socket.socket()\ns.bind(('127.0.0.1', ${port}))\ns.listen()\nprint('listo', flush=True)\nsys.stdin.read()`;
  const child = spawn(python.executable, ['-I', '-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = await new Promise<boolean>((resolve) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(line === 'listo'));
    child.once('exit', () => resolve(false));
  });
  assert.ok(ready, `a Python listens on ${port}`);
  // Ends when its stdin closes, and with the test process at the latest (it reads its stdin).
  return {
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.stdin.end();
    }),
  };
}
