// Does `count` read-modify-write updates of the progress file, as a separate real process.
import { writeSync } from 'node:fs';
import { updateProgress } from '../../../src/progress/store.js';

const [name = 'w', countText = '10'] = process.argv.slice(2);
const count = Number(countText);
writeSync(1, 'empiezo\n');
for (let k = 0; k < count; k++) {
  updateProgress((progress) => {
    const shared = progress.lessons.contador ?? { done: false, lastStep: 0, updatedAt: '' };
    progress.lessons.contador = { ...shared, lastStep: shared.lastStep + 1, updatedAt: new Date().toISOString() };
    progress.lessons[`${name}-${k}`] = { done: true, lastStep: k, updatedAt: new Date().toISOString() };
  });
}
writeSync(1, 'listo\n');
