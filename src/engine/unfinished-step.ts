import type { Step } from '../lessons/model.js';
import { KernelDiedError } from '../kernel/kernel-client.js';
import type { StepResult } from './step-result.js';

/** What a step had produced when its kernel stopped answering. */
type SoFar = Pick<StepResult, 'step' | 'stdout' | 'stderr' | 'blocked' | 'ms'>;

/** A step whose kernel never replied: restarted on purpose (it fails), died (an error), or an engine fault. */
export function unfinishedResult(error: unknown, restartedOnPurpose: boolean, soFar: SoFar): StepResult {
  if (restartedOnPurpose) {
    return {
      ...soFar, status: 'fail',
      checks: [{ name: 'el paso termina', status: 'fail', message: 'interrumpido: se reinicia el Python del actor y se repiten sus pasos anteriores' }],
    };
  }
  const problem = error instanceof KernelDiedError
    ? `El proceso de Python de «${soFar.step.actor}» terminó de forma inesperada (${error.exitDescription}); se reinicia limpio.`
    : `Error interno al ejecutar el paso: ${(error as Error).message}`;
  return { ...soFar, status: 'error', checks: [], problem };
}

/** A step this machine cannot run: shown, not run, and it does not fail the lesson. */
export function skippedResult(step: Step, reason: string): StepResult {
  return {
    step, status: 'pass', stdout: '', stderr: '', blocked: false, ms: 0, skipped: reason,
    checks: [{ name: 'este paso no se ejecuta aquí', status: 'skip', message: `no disponible: ${reason}` }],
  };
}
