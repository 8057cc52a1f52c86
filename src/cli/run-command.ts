import { UserError } from '../errors.js';
import { EXIT } from './exit-codes.js';
import { theme } from '../ui/theme.js';
import { printWarnings } from './warnings.js';
import { progressWarnings } from '../progress/warnings.js';
import { cliCommand, runnableCommands } from './invocation.js';

/**
 * Runs a command's body: maps the errors a user can cause to a Spanish message and an exit code,
 * and anything else to a short "internal error" note (the stack only with TALLER_SOCKETS_DEBUG).
 */
export async function runCommand(body: () => Promise<number | undefined>): Promise<void> {
  installSignalHandlers();
  try {
    const code = await body();
    process.exitCode = code ?? EXIT.ok;
  } catch (error) {
    process.exitCode = reportError(error);
  } finally {
    // Whatever the command did not show yet (a corrupt file set aside, progress not saved).
    printWarnings(progressWarnings);
  }
}

export function reportError(error: unknown): number {
  if (error instanceof UserError) {
    process.stderr.write(`${theme.red('Error:')} ${runnableCommands(error.message)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `${theme.red('Error interno de taller-sockets:')} ${message}\n` +
      'Esto es un fallo del taller, no tuyo. Vuelve a intentarlo; si se repite, avisa a tu docente ' +
      `con la salida de «${cliCommand()} doctor».\n`,
  );
  if (process.env.TALLER_SOCKETS_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT.internal;
}

let handlersInstalled = false;

/** Ctrl-C and SIGTERM leave quietly; every child process group dies with the process. */
function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // No killAllGroups() here: process-group.js kills every group it started in its own 'exit'
  // hook, installed with the first child. Importing it here would load node:child_process (and
  // net) at every start of the CLI, a few ms, also for commands that never start a child.
  process.once('SIGTERM', () => process.exit(EXIT.terminated));
  process.on('SIGINT', () => {
    // Commands that interrupt a running step install their own handler first; this is the default.
    if (process.listenerCount('SIGINT') > 1) return;
    process.stderr.write('\n');
    process.exit(EXIT.interrupted);
  });
  process.once('SIGHUP', () => process.exit(129));
}
