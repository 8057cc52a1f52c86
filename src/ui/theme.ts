/**
 * Colours and symbols for the terminal. Respects NO_COLOR and FORCE_COLOR (https://no-color.org);
 * without colour, every mark still reads as text.
 */
export function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
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
  gray: wrap(90, 39),
};

export function setColor(enabled: boolean): void {
  theme.color = enabled;
}

export const symbols = {
  pass: '✔',
  fail: '✘',
  skip: '–',
  blocked: '⏳',
  arrow: '▸',
  bullet: '•',
};

/** Visible width of a string (ANSI escapes removed). */
export function visibleLength(text: string): number {
  return stripAnsi(text).length;
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]|\u001b\]8;;[^\u0007]*\u0007/g, '');
}

export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number {
  return Math.max(40, Math.min(stream.columns || 80, 120));
}

/** A clickable link (OSC 8) where the terminal supports it, plain text elsewhere. */
export function link(text: string, url: string, stream: NodeJS.WriteStream = process.stdout): string {
  if (!stream.isTTY || !theme.color || process.env.TERM_PROGRAM === 'Apple_Terminal') return text;
  return `\u001b]8;;${url}\u0007${text}\u001b]8;;\u0007`;
}

export function rule(title = '', width = terminalWidth()): string {
  const head = title ? `── ${title} ` : '';
  return theme.gray(head + '─'.repeat(Math.max(0, width - visibleLength(head))));
}

/** Wraps plain text to the terminal width at spaces; `first` and `rest` are the line indents. */
export function wrapText(text: string, first = 1, rest = first + 2, width = terminalWidth()): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    const indent = lines.length ? rest : first;
    if (line && indent + visibleLength(candidate) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines.map((current, index) => ' '.repeat(index ? rest : first) + current).join('\n');
}
