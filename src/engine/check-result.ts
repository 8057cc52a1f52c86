/** What one check of a step found: shared by the socket checks (checks.ts) and the packet checks. */
type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  message: string;
}
