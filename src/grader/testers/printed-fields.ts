import { visibleText } from '../bytes-view.js';
import { CLOSE_MS, type Harness } from '../harness.js';

/**
 * Programs that report results as `clave: valor` lines (bytes: 1234, sha256: ...): the value of
 * one key, checked against what the grader knows, with a Spanish explanation of what is missing.
 */
function printedField(h: Harness, key: string): string | undefined {
  const pattern = new RegExp(`^\\s*${key}\\s*:\\s*(.*?)\\s*$`, 'i');
  for (const line of h.requireProgram().stdout().split('\n')) {
    const match = pattern.exec(line.replace(/\r$/, ''));
    if (match) return match[1];
  }
  return undefined;
}

/** Fails unless the program printed `key: expected`; `onWrong` explains a wrong value. */
export async function expectField(h: Harness, key: string, expected: string, onWrong: (got: string) => string[]): Promise<void> {
  const got = printedField(h, key);
  if (got === undefined) {
    const printed = h.requireProgram().stdout().trim();
    await h.fail([
      `Tu programa no imprimió la línea «${key}: ...».`,
      printed ? `Imprimió: «${visibleText(printed.split('\n').slice(0, 3).join(' | '))}».` : 'No imprimió nada por la salida estándar.',
    ]);
  }
  if (got !== expected) await h.fail([`Tu programa imprimió «${key}: ${visibleText(got!)}», y debía ser «${key}: ${expected}».`, ...onWrong(got!)]);
}

/** Waits for the program to end by itself (a client that is done), then its output is complete. */
export async function waitProgramEnd(h: Harness, ifRunning: string[]): Promise<void> {
  const end = await Promise.race([h.requireProgram().waitEnd(CLOSE_MS), h.abort.then(() => undefined)]);
  if (!end) await h.fail(ifRunning);
}

/**
 * A program that must give up: it prints `error: <reason>` and exits with `code` within `ms`.
 * `ifRunning` explains a program still waiting; a traceback instead of the line is explained too.
 */
export async function expectGivesUp(h: Harness, reason: string, code: number, ms: number, ifRunning: string[]): Promise<void> {
  const program = h.requireProgram();
  const end = await Promise.race([program.waitEnd(ms), h.abort.then(() => undefined)]);
  if (!end) await h.fail(ifRunning);
  const state = h.programState();
  if (state.exception) {
    await h.fail([`Tu programa terminó con una excepción en vez de imprimir «error: ${reason}».`, ...state.lines.slice(1), 'Atrápala con try/except, imprime la línea y termina con sys.exit(1).']);
  }
  await expectField(h, 'error', reason, () => []);
  if (end!.code !== code) await h.fail([`Imprimió bien el error, pero terminó con código ${end!.code}; debía terminar con código ${code} (sys.exit(${code})).`]);
}
