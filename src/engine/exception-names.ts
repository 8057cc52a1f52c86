import type { StepError } from '../kernel/protocol.js';

/**
 * Exceptions whose name changed between the Python versions the workshop supports (3.8+). A check
 * written with either name accepts the other, and says which one this learner's Python prints.
 */
export const RENAMES: Array<{ old: string; oldQualified: string; current: string; since: string }> = [
  // 3.10: socket.timeout became an alias of the built-in TimeoutError (before, its own OSError subclass).
  { old: 'timeout', oldQualified: 'socket.timeout', current: 'TimeoutError', since: '3.10' },
];

/** Old names that are the very same class in every supported version (since Python 3.3). */
const ALIASES: Record<string, string> = {
  'socket.error': 'OSError',
  'select.error': 'OSError',
  IOError: 'OSError',
  EnvironmentError: 'OSError',
};

export interface ExceptionMatch {
  matches: boolean;
  /** Set when the match went through a rename: how to tell the learner. */
  rename?: { expected: string; printed: string; note: string };
}

/** Whether the raised error is the `expected` class (or a subclass), under either of its names. */
export function matchException(expected: string, error: StepError): ExceptionMatch {
  const wanted = ALIASES[expected] ?? expected.split('.').at(-1)!;
  if (error.mro.includes(wanted)) return { matches: true };
  for (const rename of RENAMES) {
    const expectsOld = wanted === rename.old || expected === rename.oldQualified;
    const expectsCurrent = wanted === rename.current;
    const raisedOld = error.type === rename.old && error.module === 'socket';
    const raisedCurrent = error.mro.includes(rename.current);
    if (expectsCurrent && raisedOld) {
      return { matches: true, rename: { expected: rename.current, printed: rename.oldQualified, note: `así la llama tu Python; desde Python ${rename.since} es ${rename.current}` } };
    }
    if (expectsOld && raisedCurrent) {
      return { matches: true, rename: { expected: rename.oldQualified, printed: rename.current, note: `así la llama tu Python; antes de Python ${rename.since} era ${rename.oldQualified}` } };
    }
  }
  return { matches: false };
}

/** A check's text with the exception named as this learner's Python prints it. */
export function withPrintedName(text: string, rename: ExceptionMatch['rename']): string {
  if (!rename) return text;
  const bare = rename.expected.split('.').at(-1)!;
  return text.replace(new RegExp(`(?<![\\w.])(socket\\.)?${bare}\\b`, 'g'), rename.printed);
}

/** The class as a traceback prints it: builtins bare, others with their module (socket.timeout, socket.gaierror). */
export function printedExceptionName(error: Pick<StepError, 'type' | 'module'>): string {
  return error.module && error.module !== 'builtins' ? `${error.module}.${error.type}` : error.type;
}
