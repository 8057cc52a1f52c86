import type { Argv } from 'yargs';

/** `[id] [archivo]`, as verificar and probar take them: the exercise (else the one in progress) and the learner's program. */
export function exerciseAndFile<T>(yargs: Argv<T>): Argv<T & { id?: string; archivo?: string }> {
  return yargs
    .positional('id', { type: 'string', describe: 'Id o número del ejercicio (sin él, el que tienes en curso)' })
    .positional('archivo', { type: 'string', describe: 'Tu programa (por defecto ./<id>.py)' });
}
