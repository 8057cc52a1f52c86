import { TestFailure } from '../harness.js';

/**
 * Runs a test body and, when it fails because the program died of one of the given exceptions
 * (a key is part of the exception's type or of its message), adds the advice for it in this exercise (a UnicodeDecodeError means one
 * thing for binary data, another for text split across recv() calls).
 */
export async function withExceptionAdvice(advice: Record<string, string>, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof TestFailure && error.exception) {
      const { type, message } = error.exception;
      const line = Object.entries(advice).find(([key]) => type.includes(key) || message.includes(key))?.[1];
      if (line) error.lines.push(line);
    }
    throw error;
  }
}
