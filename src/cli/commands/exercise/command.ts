import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { examples } from '../examples.js';
import type { ExerciseArgs } from './run.js';

export const exerciseCommand: CommandModule<object, Omit<ExerciseArgs, 'id'> & { id?: string }> = {
  command: ['ejercicio [id]', 'exercise [id]'],
  describe: 'Muestra el enunciado de un ejercicio y crea su archivo de partida (./<id>.py)',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', describe: 'Id o número del ejercicio (mira «ejercicios»; sin él, el que tienes en curso)' })
      .option('forzar', { alias: 'force', type: 'boolean', describe: 'Sobrescribe ./<id>.py si ya existe' })
      .example(examples([
        ['ejercicio servidor-tcp', 'enunciado y ./servidor-tcp.py para empezar'],
        ['ejercicio 1 --forzar', 'vuelve a empezar desde el archivo inicial'],
      ])),
  handler: (args) => runCommand(async () => {
    const id = args.id ?? (await (await import('../../course/current-exercise.js')).currentExerciseId('ejercicio'));
    return (await import('./run.js')).showExercise({ ...args, id });
  }),
};
