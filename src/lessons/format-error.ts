import { relative } from 'node:path';
import { UserError } from '../errors.js';

export interface FormatProblem {
  file: string;
  line: number;
  field?: string;
  message: string;
}

export function describeProblem(problem: FormatProblem): string {
  const where = `${relative(process.cwd(), problem.file) || problem.file}:${problem.line}`;
  return problem.field ? `${where}: campo «${problem.field}»: ${problem.message}` : `${where}: ${problem.message}`;
}

/** One or more mistakes in a lesson or exercise file, each with file, line and field. */
export class ContentFormatError extends UserError {
  constructor(readonly problems: FormatProblem[]) {
    super(
      `${problems.length === 1 ? 'Hay un error' : `Hay ${problems.length} errores`} en el contenido:\n` +
        problems.map((p) => `  ${describeProblem(p)}`).join('\n'),
      2,
    );
    this.name = 'ContentFormatError';
  }
}

/**
 * Sane limits for a content file (a lesson, an exercise's statement): far above anything written
 * by hand (the largest shipped lesson is 15 KB, its longest line 118 characters), and below what
 * would make the Markdown renderer overflow its stack or the terminal useless.
 */
const CONTENT_LIMITS = { bytes: 1024 * 1024, lineChars: 5000, nestingChars: 400 } as const;

/** What opens a nested block at the start of a line: indentation, quote marks, list markers. */
const NESTING_PREFIX = /^(?:[ \t>*+-]|\d{1,9}[.)])*/;
/** A rule or a heading's underline (--- ===): repeated marks that nest nothing. */
const RULE_LINE = /^[ \t]*([-=*_])(?:[ \t]*\1)*[ \t]*$/;

/** The file too large, or its first line too long, as a problem with file:line (none if it is fine). */
export function contentLimitProblems(text: string, file: string): FormatProblem[] {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > CONTENT_LIMITS.bytes) {
    return [{ file, line: 1, message: `el archivo pesa ${kib(bytes)}; un archivo de contenido puede tener como mucho ${kib(CONTENT_LIMITS.bytes)}` }];
  }
  let line = 1;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    const length = (end < 0 ? text.length : end) - start;
    if (length > CONTENT_LIMITS.lineChars) {
      return [{ file, line, message: `la línea tiene ${length} caracteres; una línea puede tener como mucho ${CONTENT_LIMITS.lineChars} (pártela en varias)` }];
    }
    const lineText = text.slice(start, start + length);
    const nesting = NESTING_PREFIX.exec(lineText)![0].length;
    if (nesting > CONTENT_LIMITS.nestingChars && !RULE_LINE.test(lineText)) {
      return [{ file, line, message: `la línea empieza con ${nesting} caracteres de sangría, citas (>) o viñetas; como mucho ${CONTENT_LIMITS.nestingChars}: tanto anidamiento no se puede mostrar` }];
    }
    if (end < 0) return [];
    start = end + 1;
    line++;
  }
}

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
