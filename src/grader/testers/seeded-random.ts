import { randomInt } from 'node:crypto';

/**
 * A small seeded generator (mulberry32) for faults a learner must be able to reproduce: the same
 * seed gives the same losses and duplicates. TALLER_SOCKETS_SEMILLA fixes the seed; otherwise it
 * is random and shown in the test's steps and failures.
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  static fromEnvironment(): SeededRandom {
    const fixed = Number(process.env.TALLER_SOCKETS_SEMILLA);
    return new SeededRandom(Number.isInteger(fixed) && fixed > 0 ? fixed : randomInt(1, 1_000_000));
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min));
  }

  shuffle<T>(items: T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}
