import { existsSync } from 'node:fs';
import type { Harness } from '../harness.js';
import { setLearnerVars } from './learner-vars.js';

/**
 * A time zone for the learner's program that is not the grader's UTC (Bogotá, UTC-5 all year):
 * a program that prints UTC instead of local time then fails on any machine. Only where the
 * system has the zone (IANA files); elsewhere the program keeps the machine's zone.
 */
const ZONE = 'America/Bogota';

export function useLearnerTimeZone(h: Harness): string | undefined {
  if (!existsSync(`/usr/share/zoneinfo/${ZONE}`)) return undefined;
  setLearnerVars(h, { TZ: ZONE });
  return ZONE;
}

/** `AAAA-MM-DD hh:mm` of `date` in `zone` (the machine's own when undefined). */
export function minuteStamp(date: Date, zone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: string): string => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
