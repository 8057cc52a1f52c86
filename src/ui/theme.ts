import { displayWidth, wrapLine } from './layout.js';
import { isTerminal } from '../system/terminal.js';

/**
 * Colours and symbols for the terminal. Respects NO_COLOR and FORCE_COLOR (https://no-color.org);
 * without colour, every mark still reads as text.
 */
export function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTerminal(stream) && process.env.TERM !== 'dumb';
}

const wrap = (open: number, close: number) => (text: string): string =>
  theme.color ? `\u001b[${open}m${text}\u001b[${close}m` : text;

export const theme = {
  color: colorEnabled(),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  blue: wrap(34, 39),
  magenta: wrap(35, 39),
  cyan: wrap(36, 39),
  // Faint, not bright black: bright black vanishes on some dark themes (solarized); faint follows the text colour.
  gray: wrap(2, 22),
};

export function setColor(enabled: boolean): void {
  theme.color = enabled;
}

/**
 * Whether the terminal can show symbols beyond ASCII: not under TERM=dumb, nor when the locale in
 * force is C/POSIX or names another charset (LC_ALL, then LC_CTYPE, then LANG, as the C library
 * reads them). TALLER_SOCKETS_ASCII=1 forces the fallback, =0 turns it off.
 */
export function unicodeEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.TALLER_SOCKETS_ASCII) return env.TALLER_SOCKETS_ASCII === '0';
  if (env.TERM === 'dumb') return false;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG;
  if (!locale) return true;
  return /utf-?8/i.test(locale);
}

const unicode = unicodeEnabled();

export const symbols = {
  pass: unicode ? '✔' : '+',
  fail: unicode ? '✘' : 'x',
  skip: unicode ? '–' : '-',
  blocked: unicode ? '⏳' : '~',
  arrow: unicode ? '▸' : '>',
  bullet: unicode ? '•' : '*',
  continued: unicode ? '↩' : '\\',
};

const ASCII_OF: Record<string, string> = {
  '✔': '+', '✘': 'x', '–': '-', '—': '-', '⏳': '~', '▸': '>', '•': '*', '↩': '\\', '─': '-', '━': '-', '│': '|', '┃': '|',
  '▶': '>', '◀': '<', '→': '->', '←': '<-', '↑': '^', '↓': 'v', '…': '...', '«': '"', '»': '"', '“': '"', '”': '"',
  '┌': '+', '┐': '+', '└': '+', '┘': '+', '├': '+', '┤': '+', '┬': '+', '┴': '+', '┼': '+', '═': '=', '·': '-', '✓': '+',
};
const NOT_ASCII_SYMBOL = new RegExp(`[${Object.keys(ASCII_OF).join('')}]`, 'gu');

/** The text as this terminal can show it: symbols replaced by ASCII where it cannot show them. */
export function forTerminal(text: string): string {
  return unicode ? text : text.replace(NOT_ASCII_SYMBOL, (symbol) => ASCII_OF[symbol] ?? symbol);
}

/** Columns a string takes on the terminal (ANSI escapes removed, wide characters counted twice). */
export function visibleLength(text: string): number {
  return displayWidth(text);
}

export function stripAnsi(text: string): string {
   
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]|\u001b\]8;;[^\u0007]*\u0007/g, '');
}

/** The width to lay text out in, read at every call (a resized terminal counts from the next print). */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number {
  const columns = stream.columns || Number(process.env.COLUMNS) || 80;
  return Math.max(40, Math.min(columns, 120));
}

/** A clickable link (OSC 8) where the terminal supports it, plain text elsewhere. */
export function link(text: string, url: string, stream: NodeJS.WriteStream = process.stdout): string {
  if (!isTerminal(stream) || !theme.color || process.env.TERM_PROGRAM === 'Apple_Terminal') return text;
  return `\u001b]8;;${url}\u0007${text}\u001b]8;;\u0007`;
}

export function rule(title = '', width = terminalWidth()): string {
  const line = unicode ? '─' : '-';
  const head = title ? `${line}${line} ${title} ` : '';
  return theme.dim(head + line.repeat(Math.max(0, width - visibleLength(head))));
}

/** Wraps text to the terminal width between words; `first` and `rest` are the line indents. */
export function wrapText(text: string, first = 1, rest = first + 2, width = terminalWidth()): string {
  const words = text.split(/\s+/).filter(Boolean).join(' ');
  if (!words) return '';
  const [head = '', ...tail] = wrapLine(' '.repeat(first) + words, width, rest);
  const lines = [head, ...tail];
  return lines.join('\n');
}
