import type { TestResult } from './types.js';

/** A test skipped with a reason could not run here (the document's port was busy): it does not fail the run, nor lose its points. */
export function passedOrCouldNotRun(result: Pick<TestResult, 'status' | 'message'> | undefined): boolean {
  return result !== undefined && (result.status === 'pass' || (result.status === 'skip' && result.message !== undefined));
}
