import { groupPids } from '../system/proc/processes.js';
import { threadStats } from '../system/proc/process-stat.js';

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
  if (!pids.length) return undefined;
  const threads = (await Promise.all(pids.map(threadStats))).flat();
  return {
    cpuTicks: threads.reduce((sum, thread) => sum + thread.cpuTicks, 0),
    anyRunning: threads.some((thread) => thread.state === 'R' || thread.state === 'D'),
  };
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
