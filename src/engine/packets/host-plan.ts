import type { Check, Lesson, Step } from '../../lessons/model.js';
import type { PlannedHost } from '../../net/netns/private-network.js';

/** `$IP_A` in a lesson: the address of host A (10.99.0.1...), or loopback when the lesson has one host. */
const PLACEHOLDER = /\$IP_([A-Za-z][A-Za-z0-9]*)\b/g;

export function usesHostAddress(text: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(text);
}

function replaceHostAddresses(text: string, hosts: PlannedHost[]): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const host = hosts.find((candidate) => candidate.name === name);
    if (!host) return whole;
    return host.address ?? '127.0.0.1';
  });
}

function substituteCheck(check: Check, hosts: PlannedHost[]): Check {
  const replace = (text: string): string => replaceHostAddresses(text, hosts);
  const text = check.text === undefined ? undefined : replace(check.text);
  switch (check.kind) {
    case 'socket': {
      const expect = { ...check.expect };
      for (const field of ['local', 'remoto'] as const) {
        const value = expect[field];
        if (typeof value === 'string') expect[field] = replace(value);
      }
      return { ...check, expect, text };
    }
    case 'probe':
      return { ...check, host: replace(check.host), text };
    case 'output':
    case 'value':
      return { ...check, contains: replace(check.contains), text };
    case 'error':
      return { ...check, message: check.message === undefined ? undefined : replace(check.message), text };
    default:
      return { ...check, text };
  }
}

/** The lesson with every `$IP_<host>` replaced by that host's address, in code, text and checks. */
export function applyHostPlan(lesson: Lesson, hosts: PlannedHost[]): Lesson {
  const replace = (text: string): string => replaceHostAddresses(text, hosts);
  const steps: Step[] = lesson.steps.map((step) => ({
    ...step,
    code: replace(step.code),
    explanation: replace(step.explanation),
    after: replace(step.after),
    checks: step.checks.map((check) => substituteCheck(check, hosts)),
  }));
  return { ...lesson, intro: replace(lesson.intro), steps };
}
