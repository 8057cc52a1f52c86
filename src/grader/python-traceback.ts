import { basename, resolve } from 'node:path';
import { explainException } from '../diagnostics/python-errors.js';

/** The last exception a Python program printed on stderr, reduced to what the learner needs. */
export interface LearnerException {
  /** Class name without its module: `gaierror`, not `socket.gaierror`. */
  type: string;
  message: string;
  /** Line in the learner's own file (the innermost frame there), when there is one. */
  line?: number;
  /** That line's code, as Python printed it. */
  code?: string;
  /** Spanish explanation, when we have one. */
  explanation?: string;
  /** Printed by a thread other than the main one ("Exception in thread ..."). */
  inThread?: string;
}

/** Parent classes of the built-in exceptions learners meet, so rules on OSError also apply to subclasses. */
const PARENTS: Record<string, string[]> = {
  ConnectionRefusedError: ['ConnectionError', 'OSError'],
  ConnectionResetError: ['ConnectionError', 'OSError'],
  ConnectionAbortedError: ['ConnectionError', 'OSError'],
  BrokenPipeError: ['ConnectionError', 'OSError'],
  ConnectionError: ['OSError'],
  TimeoutError: ['OSError'],
  timeout: ['OSError'],
  gaierror: ['OSError'],
  herror: ['OSError'],
  PermissionError: ['OSError'],
  FileNotFoundError: ['OSError'],
  IndentationError: ['SyntaxError'],
  TabError: ['IndentationError', 'SyntaxError'],
  UnicodeDecodeError: ['UnicodeError', 'ValueError'],
  UnicodeEncodeError: ['UnicodeError', 'ValueError'],
  ModuleNotFoundError: ['ImportError'],
  BlockingIOError: ['OSError'],
  KeyError: ['LookupError'],
};

const FRAME = /^\s*File "(.*)", line (\d+)(?:, in (.*))?$/;
const EXCEPTION_LINE = /^([A-Za-z_][\w.]*)(?::(?: (.*))?)?$/;

/**
 * Parses the last traceback in `stderr`. Works for runtime tracebacks ("Traceback (most recent
 * call last):"), for syntax errors (no header) and for exceptions in threads.
 */
export function parseTraceback(stderr: string, learnerFile: string): LearnerException | undefined {
  const lines = stderr.replace(/\r\n/g, '\n').split('\n');
  let lastFrame = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (FRAME.test(lines[i]!)) {
      lastFrame = i;
      break;
    }
  }
  if (lastFrame < 0) return undefined;
  // The exception line is the first unindented line after the last frame (code and ^^^ are indented).
  let exceptionIndex = -1;
  for (let i = lastFrame + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line && !/^\s/.test(line) && EXCEPTION_LINE.test(line.split(':')[0]!)) {
      exceptionIndex = i;
      break;
    }
  }
  if (exceptionIndex < 0) return undefined;
  const exceptionLine = lines[exceptionIndex]!;
  const colon = exceptionLine.indexOf(':');
  const qualified = colon < 0 ? exceptionLine.trim() : exceptionLine.slice(0, colon);
  if (!EXCEPTION_LINE.test(qualified)) return undefined;
  const type = qualified.split('.').pop()!;
  // Messages may span several lines (rare): keep the following unindented lines until a blank one.
  const messageLines = [colon < 0 ? '' : exceptionLine.slice(colon + 1).trim()];
  for (let i = exceptionIndex + 1; i < lines.length && lines[i] && !/^\s/.test(lines[i]!); i++) messageLines.push(lines[i]!);
  const message = messageLines.join('\n').trim();

  // Frames of this traceback block: from its header (or the start) to the exception line.
  let blockStart = 0;
  for (let i = exceptionIndex; i >= 0; i--) {
    if (/^Traceback \(most recent call last\):/.test(lines[i]!)) {
      blockStart = i;
      break;
    }
  }
  const wanted = resolve(learnerFile);
  let line: number | undefined;
  let code: string | undefined;
  for (let i = blockStart; i < exceptionIndex; i++) {
    const match = FRAME.exec(lines[i]!);
    if (!match || !sameFile(match[1]!, wanted)) continue;
    line = Number(match[2]);
    const next = lines[i + 1];
    code = next && /^\s{4,}\S/.test(next) && !FRAME.test(next) ? next.trim() : undefined;
  }
  const threadHeader = blockStart > 0 ? /^Exception in thread (.*?):?$/.exec(lines[blockStart - 1] ?? '') : null;
  const mro = [type, ...(PARENTS[type] ?? [])];
  return {
    type,
    message,
    line,
    code,
    explanation: explainException({ type, mro, message }),
    inThread: threadHeader?.[1],
  };
}

function sameFile(printed: string, wanted: string): boolean {
  try {
    return resolve(printed) === wanted || basename(printed) === basename(wanted) && !printed.includes('/lib/python');
  } catch {
    return false;
  }
}

/** "TypeError: a bytes-like object is required, not 'str' (línea 22: conn.sendall('...'))" as lines. */
export function describeException(exception: LearnerException, fileName: string): string[] {
  const where = exception.line ? ` en la línea ${exception.line} de ${fileName}` : '';
  const thread = exception.inThread ? ` (en el hilo ${exception.inThread})` : '';
  const lines = [`Error${where}${thread}: ${exception.type}${exception.message ? `: ${exception.message}` : ''}`];
  if (exception.code) lines.push(`    ${exception.code}`);
  if (exception.explanation) lines.push(exception.explanation);
  return lines;
}
