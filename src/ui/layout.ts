/**
 * The one place that decides how text meets the terminal's width: every line the workshop prints
 * goes through `fitText` (prose, checks, errors, tables, hints, menu items) or `fitCode` (code).
 * Prose wraps between words with a hanging indent; a word (an id, an address, a call) is never
 * split unless it alone is wider than the line; a code line too long is continued on the next
 * line with a mark, keeping its indentation. Widths are read at each call, so a resized terminal
 * takes effect at the next print.
 */

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\]8;;[^\u0007]*\u0007/y;

/** Terminal columns one code point takes: 0 (combining, joiners), 2 (wide: CJK, most emoji) or 1. */
export function charWidth(codePoint: number): number {
  if (codePoint < 0x300) return codePoint < 0x20 ? 0 : 1;
  if ((codePoint >= 0x300 && codePoint <= 0x36f) || (codePoint >= 0x200b && codePoint <= 0x200f) || codePoint === 0xfe0f || codePoint === 0xfe0e) return 0;
  return WIDE.some(([from, to]) => codePoint >= from && codePoint <= to) ? 2 : 1;
}

const WIDE: Array<[number, number]> = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x23e9, 0x23ec], [0x23f0, 0x23f0], [0x23f3, 0x23f3], [0x25fd, 0x25fe],
  [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f], [0x2693, 0x2693], [0x26a1, 0x26a1], [0x26aa, 0x26ab],
  [0x26bd, 0x26be], [0x26c4, 0x26c5], [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea], [0x26f2, 0x26f5],
  [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b], [0x2728, 0x2728], [0x274c, 0x274c],
  [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797], [0x27b0, 0x27b0], [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55], [0x2e80, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff],
  [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x1f000, 0x1faff], [0x20000, 0x3fffd],
];

/** A piece of a line: one visible character (with its width) or an escape sequence (width 0). */
interface Cell {
  text: string;
  width: number;
}

function cells(line: string): Cell[] {
  const result: Cell[] = [];
  let index = 0;
  while (index < line.length) {
    ANSI.lastIndex = index;
    const escape = ANSI.exec(line);
    if (escape) {
      result.push({ text: escape[0], width: 0 });
      index += escape[0].length;
      continue;
    }
    const codePoint = line.codePointAt(index)!;
    const text = String.fromCodePoint(codePoint);
    result.push({ text, width: charWidth(codePoint) });
    index += text.length;
  }
  return result;
}

/** Columns a string takes on the terminal (escape sequences removed, wide characters counted twice). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const cell of cells(text)) width += cell.width;
  return width;
}

const join = (pieces: Cell[]): string => pieces.map((cell) => cell.text).join('');
const widthOf = (pieces: Cell[]): number => pieces.reduce((sum, cell) => sum + cell.width, 0);

/**
 * Where the continuation of a wrapped line starts: under the text after its leading marks
 * («✔ », «• », «1. », «servidor ▸ », «cliente │ », «Error: »), or under its first character.
 */
function hangingIndent(plain: string): number {
  const marker = /^(\s*)(?:(?:[^\p{L}\p{N}\s]{1,3}|\d{1,2}[.)]|(?:\p{L}+ ){0,3}\p{L}+ +[▸│|>])\s+)?/u.exec(plain)!;
  const whole = displayWidth(marker[0]);
  // A marker wider than a third of the line would leave too narrow a column: hang under the indent.
  return whole > 30 ? marker[1]!.length + 2 : whole;
}

/** Wraps one line of prose to `width` columns between words; continuation lines hang under its marker. */
export function wrapLine(line: string, width: number, hang?: number): string[] {
  if (displayWidth(line) <= width) return [line];
  const all = cells(line);
  const plain = all.filter((cell) => cell.width || !cell.text.startsWith('\u001b')).map((cell) => cell.text).join('');
  const indent = Math.min(hang ?? hangingIndent(plain), Math.floor(width / 2));
  const lines: string[] = [];
  let rest = all;
  let first = true;
  while (rest.length) {
    const room = first ? width : width - indent;
    const lead = first ? [] : [{ text: ' '.repeat(indent), width: indent }];
    if (widthOf(rest) <= room) {
      lines.push(join([...lead, ...rest]));
      break;
    }
    const cut = breakPoint(rest, room);
    lines.push(join([...lead, ...rest.slice(0, cut)]).trimEnd());
    rest = rest.slice(cut);
    while (rest.length && rest[0]!.text === ' ') rest = rest.slice(1);
    first = false;
  }
  return lines;
}

/**
 * The index to break before: after the last space that fits and is not inside «…» (a quoted
 * command or id stays on one line), else after any space that fits, else (a word wider than the
 * room) at the room.
 */
function breakPoint(pieces: Cell[], room: number): number {
  let used = 0;
  let lastSpace = -1;
  let lastFreeSpace = -1;
  let quoted = 0;
  let fits = 0;
  for (let index = 0; index < pieces.length; index++) {
    const cell = pieces[index]!;
    if (used + cell.width > room) break;
    used += cell.width;
    fits = index + 1;
    if (cell.text === '«') quoted++;
    else if (cell.text === '»') quoted = Math.max(0, quoted - 1);
    else if (cell.text === ' ' && used > 1) {
      lastSpace = index;
      if (!quoted) lastFreeSpace = index;
    }
  }
  const chosen = lastFreeSpace > 0 ? lastFreeSpace : lastSpace;
  return chosen > 0 ? chosen + 1 : Math.max(1, fits);
}

/** Every line of `text` fitted to `width` (the terminal's, read now): the renderer for all prose. */
export function fitText(text: string, width: number): string {
  return text.split('\n').flatMap((line) => wrapLine(line, width)).join('\n');
}

/**
 * A code line too long for the terminal, continued on the next lines: each cut ends with the mark
 * (↩) and the continuation keeps the line's own indentation plus four, under the same prefix.
 */
export function fitCodeLine(prefix: string, code: string, width: number, mark: string): string[] {
  const prefixWidth = displayWidth(prefix);
  const room = width - prefixWidth;
  if (displayWidth(code) <= room || room < 12) return [prefix + code];
  const pad = ' '.repeat(prefixWidth);
  const ownIndent = /^\s*/.exec(code)![0].length;
  const continuation = Math.min(ownIndent + 4, Math.floor(room / 2));
  const lines: string[] = [];
  let rest = cells(code);
  let lead: Cell[] = [];
  let linePrefix = prefix;
  while (rest.length) {
    const available = room - widthOf(lead);
    if (widthOf(rest) <= available) {
      lines.push(linePrefix + join([...lead, ...rest]));
      break;
    }
    const cut = breakPoint(rest, available - displayWidth(mark) - 1);
    lines.push(`${linePrefix}${join([...lead, ...rest.slice(0, cut)]).trimEnd()} ${mark}`);
    rest = rest.slice(cut);
    while (rest.length && rest[0]!.text === ' ') rest = rest.slice(1);
    lead = [{ text: ' '.repeat(continuation), width: continuation }];
    linePrefix = pad;
  }
  return lines;
}
