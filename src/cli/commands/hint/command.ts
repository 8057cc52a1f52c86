import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { examples } from '../examples.js';
import type { HintArgs } from './run.js';

export const hintCommand: CommandModule<object, Omit<HintArgs, 'id'> & { id?: string }> = {
  command: ['pista [id]', 'hint [id]'],
  describe: 'Muestra la siguiente pista de un ejercicio (una cada vez)',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', describe: 'Id o número del ejercicio (sin él, el que tienes en curso)' })
      .option('todas', { alias: 'all', type: 'boolean', describe: 'Muestra todas las pistas, numeradas' })
      .example(examples([
        ['pista servidor-tcp', 'la siguiente pista'],
        ['pista', 'la siguiente pista del ejercicio en curso'],
        ['pista servidor-tcp --todas', 'todas las pistas'],
      ])),
  handler: (args) => runCommand(async () => {
    const id = args.id ?? (await (await import('../../course/current-exercise.js')).currentExerciseId('pista'));
    return (await import('./run.js')).showHint({ ...args, id });
  }),
};
