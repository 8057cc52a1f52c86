import { EXIT } from './exit-codes.js';

const REASONS: Record<string, string> = {
  EPIPE: 'quien la leía se cerró antes de tiempo',
  ENOSPC: 'el disco está lleno',
  EDQUOT: 'se acabó tu cuota de disco',
  EIO: 'el dispositivo falló (error de entrada/salida)',
  EBADF: 'la salida está cerrada',
};

/**
 * When stdout cannot be written (a full disk, `| head -1` closing early), the command is not cut
 * short: what it still writes goes nowhere, and it finishes its work (progress saved, child
 * processes and temporary folders ended by their own cleanup). One Spanish line on stderr says
 * why the output is missing. A reader closing early is its own choice (the command's exit code
 * stands); a lost output fails the command (1), like other command-line tools.
 */
export function survivesOutputErrors(): void {
  let lost: string | undefined;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (lost !== undefined) return;
    lost = error.code ?? 'error';
    const reason = REASONS[lost] ?? `no se pudo escribir (${error.code ?? error.message})`;
    try {
      process.stderr.write(`taller-sockets: no pude escribir la salida (${reason}); la orden terminó su trabajo igual.\n`);
    } catch {
      // Nowhere left to say it.
    }
  });
  // If stderr is broken too, there is nobody to tell: never crash over it.
  process.stderr.on('error', () => undefined);
  process.on('exit', (code) => {
    if (lost && lost !== 'EPIPE' && code === EXIT.ok) process.exitCode = EXIT.failed;
  });
}
