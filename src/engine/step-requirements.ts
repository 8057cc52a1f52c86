import type { Step } from '../lessons/model.js';
import { ipv6LoopbackAvailable, IPV6_MISSING } from '../net/ipv6-loopback.js';

/** Why this step cannot run on this machine (`requiere: ipv6` / `requiere: unix`), if it cannot. */
export async function missingRequirement(step: Step): Promise<string | undefined> {
  const needs = (what: string): boolean => step.checks.some((check) => check.kind === 'requires' && check.what === what);
  // Python on Windows has no socket.AF_UNIX (even where Windows itself has Unix sockets).
  if (needs('unix') && process.platform === 'win32') return 'el Python de Windows no tiene socket.AF_UNIX';
  return needs('ipv6') && !(await ipv6LoopbackAvailable()) ? IPV6_MISSING : undefined;
}
