// Loaded with `node --import` into a measured process: on exit, writes the process's peak
// resident memory (maxRSS, in KiB) to the file named by BENCH_MAX_RSS_FILE. Works for the CLI and
// for `node -e 0` alike, on every OS, without an external `time` tool.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_MAX_RSS_FILE;
if (file) {
  process.once('exit', () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // The bench reports a missing figure; the measured command must not fail because of it.
    }
  });
}
