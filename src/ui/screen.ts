import { fitCodeLine, fitText } from './layout.js';
import { forTerminal, symbols, terminalWidth } from './theme.js';
import { isTerminal } from '../system/terminal.js';

/**
 * Writes text for the learner: symbols this terminal can show, every line fitted to the width it
 * has now (so a resize counts from the next print). All screens print through here.
 */
export function print(text: string, stream: NodeJS.WriteStream = process.stdout): void {
  stream.write(layoutText(text, stream));
}

/**
 * Off a terminal (a pipe, a file) lines are left whole for whoever reads them, unless COLUMNS says
 * how wide the reader is.
 */
export function layoutText(text: string, stream: NodeJS.WriteStream = process.stdout): string {
  const shown = forTerminal(text);
  return isTerminal(stream) || process.env.COLUMNS ? fitText(shown, terminalWidth(stream)) : shown;
}

/** Code under a prefix (e.g. «servidor ▸ »): long lines are continued with ↩, keeping their indentation. */
export function layoutCode(prefix: string, continuationPrefix: string, code: string, width = terminalWidth()): string {
  return code.split('\n').flatMap((line, index) => {
    const [first = '', ...rest] = fitCodeLine(index === 0 ? prefix : continuationPrefix, line, width, symbols.continued);
    return [first, ...rest];
  }).join('\n');
}
