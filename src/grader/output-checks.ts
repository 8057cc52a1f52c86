import { describeBytesMismatch, pythonBytesRepr, visibleText } from './bytes-view.js';
import type { Harness } from './harness.js';
import { mismatchHints } from './stream-checks.js';

/**
 * Expects the program to have printed a line: exactly `expected` when `prefix` is given (the
 * line starting with `prefix` is compared byte by byte), or containing `expected` otherwise.
 */
export async function expectPrintedLine(h: Harness, expected: string, prefix?: string): Promise<void> {
  const lines = h.requireProgram().stdout().split('\n').map((line) => line.replace(/\r$/, ''));
  const bytesHint = (line: string): boolean => /b'|b"/.test(line) && !/b'|b"/.test(expected);
  if (prefix) {
    if (lines.includes(expected)) return;
    const candidate = lines.find((line) => line.startsWith(prefix.trim()));
    if (candidate !== undefined) {
      const want = Buffer.from(expected);
      const got = Buffer.from(candidate);
      await h.fail([
        `La línea que imprime tu programa no es la esperada.`,
        ...describeBytesMismatch(want, got),
        ...mismatchHints(want, got),
      ]);
    }
  } else {
    const found = lines.find((line) => line.includes(expected));
    if (found !== undefined && !bytesHint(found)) return;
    // Printed as bytes, non-ASCII letters show escaped: look for the repr too.
    const asBytes = pythonBytesRepr(Buffer.from(expected));
    const printedBytes = found ?? lines.find((line) => line.includes(asBytes.slice(2, -1)));
    if (printedBytes !== undefined) {
      await h.fail([
        `Tu programa imprimió la respuesta como bytes: «${visibleText(printedBytes)}».`,
        'Conviértela a texto antes de imprimirla: data.decode().',
      ]);
    }
  }
  await h.fail([
    `Tu programa no imprimió ${prefix ? 'la línea' : 'una línea con'} «${visibleText(expected)}».`,
    lines.some((line) => line.trim())
      ? 'Mira abajo lo que sí imprimió.'
      : 'No imprimió nada por la salida estándar.',
  ]);
}
