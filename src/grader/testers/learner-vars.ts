import type { Harness } from '../harness.js';

/**
 * Variables of the exercise's own (ARCHIVO, MODO) for the next starts of the learner's program,
 * besides HOST and PUERTO: the harness passes `extraEnv` on every start.
 */
export function setLearnerVars(h: Harness, vars: Record<string, string>): void {
  h.options.extraEnv = { ...h.options.extraEnv, ...vars };
}
