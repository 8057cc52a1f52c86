import type { Lesson } from '../../lessons/model.js';
import type { PlannedHost } from '../../net/netns/private-network.js';
import { mapLessonText } from '../lesson-text.js';

/** `$IP_A` in a lesson: the address of host A (10.99.0.1...), or loopback when the lesson has one host. */
const PLACEHOLDER = /\$IP_([A-Za-z][A-Za-z0-9]*)\b/g;

export function usesHostAddress(text: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(text);
}

/** The lesson with every `$IP_<host>` replaced by that host's address, in every text and check. */
export function applyHostPlan(lesson: Lesson, hosts: PlannedHost[]): Lesson {
  return mapLessonText(lesson, {
    text: (text) =>
      text.replace(PLACEHOLDER, (whole, name: string) => {
        const host = hosts.find((candidate) => candidate.name === name);
        return host ? (host.address ?? '127.0.0.1') : whole;
      }),
  });
}
