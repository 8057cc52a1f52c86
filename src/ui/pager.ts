import { spawn } from 'node:child_process';
import { layoutText } from './screen.js';
import { theme } from './theme.js';
import { isTerminal } from '../system/terminal.js';

export interface PagerOptions {
  stream?: NodeJS.WriteStream;
  /** Page by page without an external pager: waits for a key (Enter goes on, q stops paging). */
  waitKey?: () => Promise<'next' | 'stop'>;
  /** What was read, said once the pager's screen is gone (e.g. «introducción»). */
  what?: string;
}

/**
 * Shows a text taller than the terminal through a pager ($PAGER, else `less -R`), else page by page;
 * a text that fits, or any text off a terminal, is simply printed. Resolves once the learner is done.
 */
export async function showPaged(text: string, options: PagerOptions = {}): Promise<void> {
  const stream = options.stream ?? process.stdout;
  const laidOut = layoutText(text, stream);
  const rows = stream.rows || 24;
  if (!isTerminal(stream) || laidOut.split('\n').length <= rows - 2) {
    stream.write(`${laidOut}\n`);
    return;
  }
  const pager = process.env.PAGER?.trim();
  if (pager !== '' && await runPager(pager ? ['sh', ['-c', pager]] : ['less', ['-R']], laidOut)) {
    // The pager's screen is gone once it quits: leave a trace of what was read.
    if (options.what) stream.write(`${theme.gray(`(${options.what} en el paginador)`)}\n`);
    return;
  }
  await pageByPage(laidOut.split('\n'), rows, stream, options.waitKey);
}

/** True once the pager ran and quit; false when it could not start (then the caller pages itself). */
function runPager([command, args]: [string, string[]], text: string): Promise<boolean> {
  return new Promise((resolve) => {
    // Ctrl-C belongs to the pager while it runs (less stays; another pager may quit).
    const ignore = (): void => undefined;
    process.on('SIGINT', ignore);
    const env = { ...process.env, LESS: process.env.LESS ?? '-R', LESSCHARSET: process.env.LESSCHARSET ?? 'utf-8' };
    const child = spawn(command, args, { stdio: ['pipe', 'inherit', 'inherit'], env });
    const done = (ran: boolean): void => {
      process.off('SIGINT', ignore);
      resolve(ran);
    };
    child.once('error', () => done(false));
    child.once('exit', (code) => done(code !== 127));
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${text}\n`);
  });
}

async function pageByPage(lines: string[], rows: number, stream: NodeJS.WriteStream, waitKey: PagerOptions['waitKey']): Promise<void> {
  const page = Math.max(5, rows - 2);
  for (let start = 0; start < lines.length; start += page) {
    stream.write(`${lines.slice(start, start + page).join('\n')}\n`);
    const last = start + page >= lines.length;
    if (last || !waitKey) continue;
    stream.write(theme.bold('-- Enter: seguir leyendo   q: dejar de paginar --\n'));
    if (await waitKey() === 'stop') {
      stream.write(`${lines.slice(start + page).join('\n')}\n`);
      return;
    }
  }
}
