// Saves ever-new progress states until killed. Every state is self-consistent (all entries carry
// the same generation number), so a torn or mixed file is detectable.
import { writeSync } from 'node:fs';
import { readProgress, updateProgress } from '../../../src/progress/store.js';

const ENTRIES = Number(process.argv[2] ?? '1500');
let generation = readProgress().lessons['e0']?.lastStep ?? 0;
for (;;) {
  generation++;
  updateProgress((progress) => {
    for (let i = 0; i < ENTRIES; i++) {
      progress.lessons[`e${i}`] = { done: i % 2 === 0, lastStep: generation, updatedAt: new Date().toISOString() };
    }
  });
  writeSync(1, `${generation}\n`);
}
