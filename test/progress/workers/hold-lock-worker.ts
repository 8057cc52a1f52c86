// Takes the progress lock (inside a real update) and keeps it until told to let go on stdin,
// or forever (to be killed while holding it).
import { readSync, writeSync } from 'node:fs';
import { updateProgress } from '../../../src/progress/store.js';

updateProgress((progress) => {
  progress.lessons.retenida = { done: false, lastStep: 1, updatedAt: new Date().toISOString() };
  writeSync(1, 'tengo el cerrojo\n');
  // Blocks until a byte (or end of input) arrives: the lock stays held meanwhile.
  readSync(0, Buffer.alloc(1));
});
writeSync(1, 'soltado\n');
