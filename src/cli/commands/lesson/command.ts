import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { examples } from '../examples.js';
import { positiveInteger } from '../../flag-values.js';
import type { LessonArgs } from './run.js';

export const lessonCommand: CommandModule<object, LessonArgs> = {
  command: ['leccion <id>', 'lesson <id>'],
  describe: 'Recorre una lección paso a paso, ejecutando el código en vivo',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', describe: 'Id o número de la lección (mira «lecciones»)', demandOption: true })
      .option('auto', { type: 'boolean', describe: 'Ejecuta todos los pasos sin esperar teclas' })
      .option('json', { type: 'boolean', describe: 'Con --auto: resultado en JSON' })
      .option('paquetes', {
        alias: 'packets',
        type: 'boolean',
        describe: 'Vista de paquetes: los segmentos que causa cada paso, en una red privada (Linux). --no-paquetes la apaga',
      })
      .option('puertos-libres', {
        alias: 'free-ports',
        type: 'boolean',
        describe: 'Usa siempre puertos libres en lugar de los del documento (útil si varias personas comparten la máquina; también TALLER_SOCKETS_PUERTOS_LIBRES=1)',
      })
      .option('practicar', { alias: 'practice', type: 'boolean', describe: 'Modo práctica: ves el objetivo de cada paso y escribes tú el código' })
      .option('breve', { alias: 'brief', type: 'boolean', describe: 'Pasos compactos: sin el texto tras cada paso; la tabla de sockets y los paquetes, con la tecla «v»' })
      .option('desde', {
        alias: 'from',
        type: 'string',
        describe: 'Empieza en el paso N (ejecuta antes los anteriores para reconstruir el estado)',
        coerce: positiveInteger('desde', 'un número de paso'),
      })
      .example(examples([
        ['leccion crear-un-socket', 'la lección, paso a paso'],
        ['leccion 5 --auto', 'la quinta lección, sin pausas'],
        ['leccion accept --paquetes', 'con los paquetes de cada paso'],
        ['leccion crear-un-socket --practicar', 'escribes tú el código'],
        ['leccion send-y-recv --breve', 'pasos compactos'],
        ['leccion accept --auto --json', 'cada comprobación, en JSON'],
      ])),
  handler: (args) => runCommand(async () => (await import('./run.js')).runLessonCommand(args)),
};
