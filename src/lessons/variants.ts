import type { FormatProblem } from './format-error.js';
import { closest } from '../text/closest.js';

/**
 * Notes that apply to one platform or one range of Python versions only. In a lesson's text:
 *
 *     ::: solo windows
 *     En Windows, el siguiente recvfrom() lanza ConnectionResetError.
 *     :::
 *
 * and in a check, `solo: python<3.10`. The parsed lesson keeps every note (the prebuilt lessons
 * are made on one machine and shown on another); the engine resolves them once it knows where
 * it runs (resolveVariants), so the learner reads only what their system and Python do.
 */

const PLATFORM_WORDS: Record<string, NodeJS.Platform> = { linux: 'linux', macos: 'darwin', windows: 'win32' };

/** Where a note applies: any of these platforms (none = every one) and every Python bound. */
export interface Condition {
  platforms: NodeJS.Platform[];
  python: Array<{ operator: '<' | '<=' | '>' | '>=' | '=='; version: [number, number] }>;
}

export interface VariantContext {
  platform: NodeJS.Platform;
  python: readonly number[];
}

const OPEN = /^:::\s*solo\s+(.+?)\s*$/;
const CLOSE = /^:::\s*$/;
const PYTHON = /^python\s*(<=|>=|==|<|>)\s*(\d+)\.(\d+)$/;

/** Parses `linux, macos` or `python<3.10` (or both, comma-separated). */
export function parseCondition(text: string): { condition?: Condition; problem?: string } {
  const condition: Condition = { platforms: [], python: [] };
  for (const word of text.split(/\s*,\s*/).filter(Boolean)) {
    const python = PYTHON.exec(word);
    if (python) {
      condition.python.push({ operator: python[1] as '<', version: [Number(python[2]), Number(python[3])] });
    } else if (word in PLATFORM_WORDS) {
      condition.platforms.push(PLATFORM_WORDS[word]!);
    } else {
      const near = closest(word, Object.keys(PLATFORM_WORDS), 1);
      return {
        problem: `«${word}» no es una condición válida${near.length ? ` (¿quisiste decir «${near[0]}»?)` : ''}: ` +
          `usa ${Object.keys(PLATFORM_WORDS).join(', ')} (separados por comas) o python<3.10, python>=3.10`,
      };
    }
  }
  if (!condition.platforms.length && !condition.python.length) return { problem: 'falta la condición: p. ej. «::: solo windows» o «::: solo python<3.10»' };
  return { condition };
}

function holds(condition: Condition | undefined, context: VariantContext): boolean {
  if (!condition) return true;
  if (condition.platforms.length && !condition.platforms.includes(context.platform)) return false;
  const [major = 0, minor = 0] = context.python;
  return condition.python.every(({ operator, version }) => {
    const difference = major !== version[0] ? major - version[0] : minor - version[1];
    return { '<': difference < 0, '<=': difference <= 0, '>': difference > 0, '>=': difference >= 0, '==': difference === 0 }[operator];
  });
}

/** Checks the `::: solo` blocks of a lesson body: known conditions, each block closed, none nested. */
export function validateVariantBlocks(lines: string[], firstLine: number, file: string, problems: FormatProblem[]): void {
  let open: number | undefined;
  let inFence = false;
  lines.forEach((line, index) => {
    const lineNumber = firstLine + index;
    if (/^(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    if (inFence) return;
    const start = OPEN.exec(line);
    if (start) {
      if (open !== undefined) problems.push({ file, line: lineNumber, field: 'solo', message: `otro «::: solo» antes de cerrar el de la línea ${open}: cierra cada nota con «:::»` });
      const { problem } = parseCondition(start[1]!);
      if (problem) problems.push({ file, line: lineNumber, field: 'solo', message: problem });
      open = lineNumber;
    } else if (CLOSE.test(line)) {
      if (open === undefined) problems.push({ file, line: lineNumber, field: 'solo', message: '«:::» cierra una nota que no se abrió con «::: solo ...»' });
      open = undefined;
    } else if (/^:::/.test(line)) {
      problems.push({ file, line: lineNumber, field: 'solo', message: `«${line.trim()}» no es válido: una nota empieza con «::: solo windows» (o linux, macos, python<3.10) y termina con «:::»` });
    } else if (/^##\s/.test(line) && open !== undefined) {
      problems.push({ file, line: open, field: 'solo', message: 'esta nota no se cierra antes del paso siguiente: falta la línea «:::»' });
      open = undefined;
    }
  });
  if (open !== undefined) problems.push({ file, line: open, field: 'solo', message: 'esta nota no se cierra: falta la línea «:::»' });
}

/** The text as this learner reads it: the notes that apply, without their markers; the others gone. */
export function resolveVariants(text: string, context: VariantContext): string {
  if (!text.includes(':::')) return text;
  const kept: string[] = [];
  let showing = true;
  let inside = false;
  for (const line of text.split('\n')) {
    const start = OPEN.exec(line);
    if (start && !inside) {
      inside = true;
      showing = holds(parseCondition(start[1]!).condition, context);
    } else if (inside && CLOSE.test(line)) {
      inside = false;
      showing = true;
    } else if (showing) {
      kept.push(line);
    }
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Whether a check marked `solo: ...` applies here (unmarked checks always do). */
export function appliesHere(only: Condition | undefined, context: VariantContext): boolean {
  return holds(only, context);
}
