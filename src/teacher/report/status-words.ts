import type { SubmissionStatus } from '../run-submission.js';

/** What a teacher reads for each status (table and CSV; JSON and JUnit keep their own vocabularies). */
export const STATUS_WORDS: Record<SubmissionStatus, string> = {
  pass: 'aprueba',
  fail: 'falla',
  error: 'error',
};
