import { KeyReader, keyHelp, type KeyChoice } from '../../../ui/keys.js';
import { print } from '../../../ui/screen.js';
import { theme } from '../../../ui/theme.js';
import { waitForChange } from './file-watch.js';

export type WatchWake = 'saved' | 'hint' | 'next' | 'quit' | 'interrupt';

/** The watch mode's screen: cleared for every run (on a terminal), and keys while it waits for a save. */
export class WatchScreen {
  private readonly keys: KeyReader | undefined;
  private interrupted: (() => void) | undefined;

  constructor(private readonly terminal: boolean) {
    this.keys = terminal ? new KeyReader() : undefined;
  }

  clear(title: string): void {
    // Clear the screen and its scrollback: each run reads on its own, from the top.
    if (this.terminal) process.stdout.write('\u001b[2J\u001b[3J\u001b[H');
    print(`${theme.bold(title)}\n\n`);
  }

  /** Resolves at the next save, or at a key: «p» a hint, «s» the next exercise (when offered), «q» leave. */
  async waitForSaveOrKey(file: string, seen: string | undefined, offerNext: boolean, afterHint = false): Promise<WatchWake> {
    const choices: KeyChoice[] = [
      ...(afterHint ? [] : [{ key: 'p', label: 'pista' }]),
      ...(offerNext ? [{ key: 's', label: 'siguiente ejercicio' }] : []),
      { key: 'q', label: 'salir' },
    ];
    print(`\n${theme.gray('Guarda el archivo para volver a verificar.')}  ${keyHelp(choices)}\n`);
    const stop = new AbortController();
    const saved = waitForChange(file, seen, stop.signal).then((): WatchWake => 'saved');
    if (!this.keys) return saved;
    const interrupt = new Promise<WatchWake>((resolve) => { this.interrupted = () => resolve('interrupt'); });
    this.keys.start(() => this.interrupted?.());
    const key = this.keys.choose(choices).then((chosen): WatchWake => (chosen === 'p' ? 'hint' : chosen === 's' ? 'next' : 'quit'));
    const woke = await Promise.race([saved, key, interrupt]);
    stop.abort();
    this.keys.stop();
    return woke;
  }

  stop(): void {
    this.keys?.stop();
  }
}
