import { withTimeout } from '../../../system/with-timeout.js';

/** The outcome of one of doctor's checks: data only; run-doctor prints it. */
export type CheckStatus = 'ok' | 'warning' | 'failure' | 'unavailable';

export interface CheckResult {
  id: string;
  /** Short Spanish name of what was checked. */
  title: string;
  status: CheckStatus;
  /** What was found, in Spanish. */
  message: string;
  /** How to fix it, in Spanish (failures and warnings). */
  fix?: string;
  /** Machine-readable facts for --json. */
  details?: Record<string, unknown>;
}

/**
 * Runs a check body, turning an unexpected error or a hang into a reported result rather than a
 * crash: a failure when the check guards something the workshop cannot work without.
 */
export async function guarded(id: string, title: string, blocking: boolean, body: () => Promise<CheckResult>, timeoutMs = 15_000): Promise<CheckResult> {
  const status: CheckStatus = blocking ? 'failure' : 'warning';
  const checked = body().catch((error: unknown): CheckResult => ({
    id,
    title,
    status,
    message: `error inesperado: ${error instanceof Error ? error.message : String(error)}`,
  }));
  return withTimeout(checked, timeoutMs, (): CheckResult => ({ id, title, status, message: `la comprobación no terminó en ${Math.round(timeoutMs / 1000)} s` }));
}
