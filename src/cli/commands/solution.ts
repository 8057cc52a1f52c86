import type { CommandModule } from 'yargs';
import { runCommand } from '../run-command.js';

export interface SolutionArgs {
  id: string;
  si?: boolean;
}

export const solutionCommand: CommandModule<object, SolutionArgs> = {
  command: ['solucion <id>', 'solution <id>'],
  describe: 'Muestra la solución de referencia (sin preguntar, una vez superado el ejercicio)',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', describe: 'Id o número del ejercicio', demandOption: true })
      .option('si', { alias: 'yes', type: 'boolean', describe: 'Muéstrala aunque aún no lo hayas superado, sin preguntar' })
      .example('$0 solucion servidor-tcp', 'la solución, si ya lo superaste (si no, pregunta)'),
  handler: (args) => runCommand(async () => (await import('../exercises/solution-command.js')).showSolution(args)),
};
