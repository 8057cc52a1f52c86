import { theme, unicodeEnabled, visibleLength } from './theme.js';

export interface BarOptions {
  /** Plain ASCII cells (# and -) for terminals that cannot draw blocks. */
  ascii?: boolean;
}

/** Whether to draw with block characters: everywhere but the dumbest terminals. */
function unicodeBars(): boolean {
  return unicodeEnabled();
}

/** A bar of exactly `cells` characters. Without colour it still reads: filled and empty cells differ. */
export function progressBar(done: number, total: number, cells: number, options: BarOptions = {}): string {
  const width = Math.max(1, Math.floor(cells));
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  // Full only when everything is done: 7 of 8 never looks complete.
  const filled = ratio >= 1 ? width : Math.min(width - 1, Math.floor(ratio * width));
  const [full, empty] = options.ascii ?? !unicodeBars() ? ['#', '-'] : ['█', '░'];
  return theme.green(full.repeat(filled)) + theme.gray(empty.repeat(width - filled));
}

/** Rounded to the nearest whole percent (1 of 6 is 17 %), but never 100 % before everything is done. */
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  const rounded = Math.round((done / total) * 100);
  return rounded === 100 && done < total ? 99 : rounded;
}

/**
 * One line "label  ████░░░░  3/8 (37 %)" that fits `width` columns: the bar takes what the label
 * and the count leave, and disappears (count only) when there is no room for a useful bar.
 */
export function progressLine(label: string, done: number, total: number, width: number, labelWidth = visibleLength(label), options: BarOptions = {}): string {
  const count = `${done}/${total} (${percent(done, total)} %)`;
  const paddedLabel = label + ' '.repeat(Math.max(0, labelWidth - visibleLength(label)));
  const room = width - visibleLength(paddedLabel) - count.length - 4;
  if (room < 5) return `${paddedLabel}  ${count}`;
  return `${paddedLabel}  ${progressBar(done, total, Math.min(room, 40), options)}  ${count}`;
}
