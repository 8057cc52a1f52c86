import { terminalWidth, theme, visibleLength } from './theme.js';
import { emitKeypressEvents } from 'node:readline';

export interface KeyChoice {
  key: string;
  label: string;
}

/**
 * Single-key input on a TTY (raw mode). Ctrl-C is delivered as a key, so the caller decides:
 * interrupt a running step, or leave.
 */
export class KeyReader {
  private waiting: ((key: string) => void) | undefined;
  private onCtrlC: () => void = () => undefined;
  private active = false;

  // On a pipe, process.stdin has no setRawMode although its type promises one.
  constructor(private readonly input: Omit<NodeJS.ReadStream, 'setRawMode'> & { setRawMode?: (mode: boolean) => unknown } = process.stdin) {}

  start(onCtrlC: () => void): void {
    this.onCtrlC = onCtrlC;
    if (this.active) return;
    this.active = true;
    emitKeypressEvents(this.input);
    this.input.setRawMode?.(true);
    this.input.resume();
    this.input.on('keypress', this.handle);
  }

  /** Listens again after `stop()` (e.g. once a pager has given the terminal back). */
  resume(): void {
    this.start(this.onCtrlC);
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.input.off('keypress', this.handle);
    this.input.setRawMode?.(false);
    this.input.pause();
  }

  /** Resolves with one of the allowed keys ('enter' for Return). Other keys are ignored. */
  choose(choices: KeyChoice[]): Promise<string> {
    const allowed = new Set(choices.map((choice) => choice.key));
    return new Promise((resolve) => {
      this.waiting = (key) => {
        if (!allowed.has(key)) return;
        this.waiting = undefined;
        resolve(key);
      };
    });
  }

  private readonly handle = (text: string | undefined, key: { name?: string; ctrl?: boolean; sequence?: string } | undefined): void => {
    if (key?.ctrl && key.name === 'c') {
      this.onCtrlC();
      return;
    }
    const name = key?.name === 'return' || key?.name === 'enter' ? 'enter' : key?.name === 'space' ? 'enter' : (text ?? key?.name ?? '').toLowerCase();
    this.waiting?.(name);
  };
}

/**
 * The keys, as few lines as the width allows: the key in bold, its label in the text colour (faint
 * text vanishes on some themes). A narrow terminal breaks between entries, never inside one.
 */
export function keyHelp(choices: KeyChoice[], width = terminalWidth()): string {
  const entries = choices.map((choice) => `${theme.bold(`[${choice.key === 'enter' ? 'Enter' : choice.key}]`)} ${choice.label}`);
  const lines: string[] = [];
  for (const entry of entries) {
    const last = lines.at(-1);
    if (last !== undefined && visibleLength(`${last}   ${entry}`) + 1 <= width) lines[lines.length - 1] = `${last}   ${entry}`;
    else lines.push(entry);
  }
  return lines.join('\n ');
}
