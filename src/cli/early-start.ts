// Imported by main.ts before the rest of the CLI loads: verificar's
// grading worker starts booting at once (see commands/verify/early-worker.ts).
import { startEarly } from './commands/verify/early-worker.js';

startEarly(process.argv.slice(2));
