import { readFileSync } from 'node:fs';

/**
 * A table the build wrote beside the bundle (a file's exact text -> what parsing it gave, as JSON),
 * read once on first use. `builtFile` is its path relative to `from` (the caller's import.meta.url,
 * since each chunk knows where it sits); no file (run from source, or copied without it): empty,
 * and every file is parsed as always.
 */
export function prebuiltTable(builtFile: string | undefined, from: string): () => Map<string, string> {
  let table: Map<string, string> | undefined;
  return () => {
    if (table) return table;
    table = new Map();
    if (builtFile !== undefined) {
      try {
        // The build writes it in ASCII: read as one-byte text, without UTF-8 decoding.
        table = new Map(JSON.parse(readFileSync(new URL(builtFile, from), 'latin1')) as [string, string][]);
      } catch {
        // Not there: every file is parsed.
      }
    }
    return table;
  };
}
