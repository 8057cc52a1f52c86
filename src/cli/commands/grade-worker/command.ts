import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';

/** Internal: grades one program, inside its isolation, for `calificar` and `autor validar`. */
export const gradeWorkerCommand: CommandModule = {
  command: '__calificar-envio',
  describe: false,
  handler: () => runCommand(async () => (await import('./run.js')).runGradeWorker()),
};
