import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node, type Document } from 'yaml';
import type { FormatProblem } from './format-error.js';

/**
 * A YAML block embedded in a Markdown file (front matter, a `comprobar` fence), parsed so that
 * every value can be traced back to its line in the original file.
 */
export class YamlBlock {
  private readonly lines = new LineCounter();
  readonly doc: Document;
  readonly problems: FormatProblem[] = [];

  constructor(
    text: string,
    readonly file: string,
    /** Line of the file where the block's first line is. */
    readonly firstLine: number,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false });
    for (const error of this.doc.errors) {
      this.problems.push({
        file,
        line: this.lineAt(error.pos[0]),
        message: `YAML no válido: ${translateYamlError(error.code, error.message)}`,
      });
    }
  }

  lineAt(offset: number | undefined): number {
    if (offset === undefined) return this.firstLine;
    return this.firstLine + this.lines.linePos(offset).line - 1;
  }

  lineOf(node: unknown): number {
    const range = (node as Node | undefined)?.range;
    return this.lineAt(range?.[0]);
  }

  problem(node: unknown, field: string | undefined, message: string): void {
    this.problems.push({ file: this.file, line: this.lineOf(node), field, message });
  }
}

function translateYamlError(code: string, message: string): string {
  const known: Record<string, string> = {
    BAD_INDENT: 'sangría incorrecta',
    MISSING_CHAR: 'falta un carácter (¿una comilla o dos puntos?)',
    MULTILINE_IMPLICIT_KEY: 'una clave no puede ocupar varias líneas (¿falta «:» o una comilla?)',
    BLOCK_AS_IMPLICIT_KEY: 'estructura mal sangrada',
    DUPLICATE_KEY: 'clave repetida',
    UNEXPECTED_TOKEN: 'símbolo inesperado',
    BAD_SCALAR_START: 'un valor no puede empezar así (ponlo entre comillas)',
  };
  return known[code] ?? `${code.toLowerCase().replace(/_/g, ' ')} (${message.split('\n')[0]})`;
}

export { isMap, isSeq, isScalar };

/** A YAML scalar's value as the author wrote it: text, a number or true/false; '' for null. */
export function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : '';
}
