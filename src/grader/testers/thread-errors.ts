import type { Harness } from '../harness.js';
import { describeException, parseTraceback } from '../python-traceback.js';

/**
 * A program still running whose thread died (a server with a thread per client): Python prints
 * the thread's traceback and the program goes on, so the grader sees only a client that is no
 * longer served. These lines say which thread died, where and of what.
 */
export function threadErrorLines(h: Harness): string[] {
  const program = h.program;
  if (!program || program.end) return [];
  const exception = parseTraceback(program.stderr(), h.options.file);
  if (!exception?.inThread) return [];
  return ['Un hilo de tu programa terminó con un error (el programa sigue, pero ese hilo ya no atiende):', ...describeException(exception, h.fileName)];
}
