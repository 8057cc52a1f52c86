import { readdir, readFile } from 'node:fs/promises';
import { groupPids } from '../system/proc/processes.js';

/**
 * Is the learner's program still starting (or computing), or stopped waiting for something?
 * On a loaded machine Python may need seconds just to start, so a fixed "it should listen
 * within N s" is either too short there or too long everywhere else. Instead we look at every
 * thread of the program's process group (Linux /proc): a program whose threads are all asleep
 * and whose CPU time does not move is waiting (sleep, input, the wrong port...), not starting.
 */

interface Sample {
  cpuTicks: number;
  anyRunning: boolean;
}

async function sampleGroup(pgid: number): Promise<Sample | undefined> {
  if (process.platform !== 'linux') return undefined;
  const pids = await groupPids(pgid);
  let cpuTicks = 0;
  let anyRunning = false;
  const members = pids.length;
  await Promise.all(
    pids.map(async (pid) => {
      const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
      await Promise.all(
        tasks.map(async (tid) => {
          const taskStat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'latin1').catch(() => '');
          const taskFields = taskStat.slice(taskStat.lastIndexOf(')') + 2).split(' ');
          // state is field 3 (index 0 here); utime and stime are fields 14 and 15 (indexes 11, 12).
          const state = taskFields[0];
          if (state === 'R' || state === 'D') anyRunning = true;
          cpuTicks += Number(taskFields[11] ?? 0) + Number(taskFields[12] ?? 0);
        }),
      );
    }),
  );
  return members ? { cpuTicks, anyRunning } : undefined;
}

/** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ, the same on every architecture we meet). */
const TICK_MS = 10;

/** CPU time (ms) the program's processes have used so far, and whether one is running now; undefined where the OS does not tell. */
export async function groupCpu(pgid: number): Promise<{ cpuMs: number; running: boolean } | undefined> {
  const sample = await sampleGroup(pgid);
  return sample && { cpuMs: sample.cpuTicks * TICK_MS, running: sample.anyRunning };
}

export class ActivityWatch {
  private last: { sample: Sample; at: number } | undefined;
  private waitingSince: number | undefined;
  private readonly baseline: Promise<Sample | undefined>;
  /** CPU time (ms) the program used since the watch began, as of the last sample: a loop that never ends shows here. */
  busyMs = 0;

  constructor(private readonly pgid: number) {
    this.baseline = sampleGroup(pgid);
  }

  /** Takes a sample; says for how long (ms) the program has been waiting: 0 when busy, undefined when unknown. */
  async waitingFor(): Promise<number | undefined> {
    const sample = await sampleGroup(this.pgid);
    if (!sample) return undefined;
    this.busyMs = Math.max(0, sample.cpuTicks - ((await this.baseline)?.cpuTicks ?? 0)) * TICK_MS;
    const previous = this.last;
    const now = Date.now();
    this.last = { sample, at: now };
    if (!previous || sample.anyRunning || sample.cpuTicks !== previous.sample.cpuTicks) {
      this.waitingSince = undefined;
      return 0;
    }
    this.waitingSince ??= previous.at;
    return now - this.waitingSince;
  }
}
