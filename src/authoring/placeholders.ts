import { readFileSync } from 'node:fs';
import type { Finding } from './findings.js';

/**
 * Leftovers of a template or a draft in text the learner reads: TODO/FIXME/XXX notes, template
 * braces, and the scaffold's own `<id>`, `<título>` or RELLENAR marks. Starters (inicio.py) are
 * not scanned: their TODO marks are for the learner. A Spanish "TODO" in capitals (emphasis) only
 * counts when written as a note: `TODO:`, `TODO 1`, `# TODO`.
 */
const PATTERNS: Array<[RegExp, string]> = [
  [/(^|[#\s])TODO\s*(:|\(|\d)|#\s*TODO\b|<!--\s*TODO/, 'una nota TODO'],
  [/\bFIXME\b/, 'una nota FIXME'],
  [/\bXXX\b/, 'un marcador XXX'],
  [/\{\{|\}\}/, 'llaves de plantilla {{ }} sin sustituir'],
  [/<(id|nn|t[ií]tulo|titulo|texto-aqu[ií]|rellenar)>/i, 'un marcador <...> de plantilla sin sustituir'],
  [/\bRELLENAR\b/, 'un marcador RELLENAR: falta escribir esta parte'],
  [/\blorem ipsum\b/i, 'texto de relleno (lorem ipsum)'],
];

export function scanPlaceholders(file: string): Finding[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const findings: Finding[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    for (const [pattern, what] of PATTERNS) {
      if (pattern.test(line)) {
        findings.push({ kind: 'marcador', file, line: index + 1, message: `${what}: «${line.trim().slice(0, 80)}»` });
        break;
      }
    }
  }
  return findings;
}
