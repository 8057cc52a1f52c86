import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { BUILT_CLI } from './cli.js';
import { leakMarker, survivingProcesses } from './leaks.js';
import { delay } from '../../src/system/delay.js';

/**
 * Drives a real terminal: a private tmux server (its own socket), one window running a command.
 * Every wait is bounded and polls the screen (capture-pane); nothing sleeps a fixed time.
 */
export class TmuxTerminal {
  private readonly socket = `taller-${randomUUID().slice(0, 8)}`;
  private readonly session = 'prueba';

  static available(): boolean {
    return spawnSync('tmux', ['-V']).status === 0;
  }

  constructor(command: string, readonly env: Record<string, string>, size = { width: 100, height: 60 }) {
    const exports = Object.entries(env).map(([key, value]) => `${key}=${shellQuote(value)}`).join(' ');
    // Keep the window after the command ends, so its last screen and exit code can be read.
    execFileSync('tmux', ['-L', this.socket, 'new-session', '-d', '-s', this.session, '-x', String(size.width), '-y', String(size.height),
      `env ${exports} ${command}; echo "[salida: $?]"; sleep 600`]);
    execFileSync('tmux', ['-L', this.socket, 'set-option', '-g', 'history-limit', '5000']);
  }

  sendKeys(...keys: string[]): void {
    execFileSync('tmux', ['-L', this.socket, 'send-keys', '-t', this.session, ...keys]);
  }

  /** Types literal text (no key-name interpretation). */
  type(text: string): void {
    execFileSync('tmux', ['-L', this.socket, 'send-keys', '-t', this.session, '-l', text]);
  }

  screen(): string {
    return execFileSync('tmux', ['-L', this.socket, 'capture-pane', '-p', '-J', '-S', '-5000', '-t', this.session], { encoding: 'utf8' });
  }

  /** The whole history as the terminal drew it: a line the terminal wrapped shows as two rows. */
  rows(): string {
    return execFileSync('tmux', ['-L', this.socket, 'capture-pane', '-p', '-S', '-5000', '-t', this.session], { encoding: 'utf8' });
  }

  /** Only what is on the screen now, with its colour and style escapes (-e). */
  visible(escapes = false): string {
    return execFileSync('tmux', ['-L', this.socket, 'capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', this.session], { encoding: 'utf8' });
  }

  /** Lines the terminal had to wrap (too wide for it): rows drawn minus lines written. */
  wrappedByTerminal(): number {
    // Both captures must see the same output: retry (bounded) while the program is still printing.
    for (let attempt = 0; ; attempt++) {
      const before = this.screen();
      const rows = this.rows();
      if (before === this.screen() || attempt >= 20) return rows.split('\n').length - before.split('\n').length;
    }
  }

  /** Waits until the screen matches (counting occurrences when `times` > 1). */
  async waitFor(pattern: RegExp, timeoutMs = 20_000, times = 1): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    for (;;) {
      const screen = this.screen();
      if ((screen.match(global)?.length ?? 0) >= times) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} (x${times}); screen:\n${screen}`);
      await delay(50);
    }
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * What every tmux test file shares: a leak marker for its Python processes, the terminals it opens
 * (closed at the end, after which no marked process may survive), and why it must be skipped here.
 */
export function tmuxSuite(): { marker: { value: string; env: NodeJS.ProcessEnv }; track: (terminal: TmuxTerminal) => TmuxTerminal; skip: string | false } {
  const marker = leakMarker();
  const terminals: TmuxTerminal[] = [];
  after(async () => {
    for (const terminal of terminals) terminal.close();
    assert.deepEqual(await survivingProcesses(marker.value), [], 'no Python process survives');
  });
  const skip = !TmuxTerminal.available() ? 'tmux no está instalado' : !existsSync(BUILT_CLI) ? 'falta dist/: ejecuta npm run build' : false;
  return { marker, skip, track: (terminal) => { terminals.push(terminal); return terminal; } };
}
