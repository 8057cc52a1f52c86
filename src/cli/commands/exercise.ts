import type { CommandModule } from 'yargs';
import { runCommand } from '../run-command.js';

export interface ExerciseArgs {
  id: string;
  forzar?: boolean;
}

export const exerciseCommand: CommandModule<object, ExerciseArgs> = {
  command: ['ejercicio <id>', 'exercise <id>'],
  describe: 'Muestra el enunciado de un ejercicio y crea su archivo de partida (./<id>.py)',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', describe: 'Id o número del ejercicio (mira «ejercicios»)', demandOption: true })
      .option('forzar', { alias: 'force', type: 'boolean', describe: 'Sobrescribe ./<id>.py si ya existe' })
      .example('$0 ejercicio servidor-tcp', 'enunciado y ./servidor-tcp.py para empezar')
      .example('$0 ejercicio 1 --forzar', 'vuelve a empezar desde el archivo inicial'),
  handler: (args) => runCommand(async () => (await import('../exercises/show-exercise.js')).showExercise(args)),
};
