import type { CommandModule } from 'yargs';
import { runCommand } from '../run-command.js';
import { positiveInteger } from '../flag-values.js';

export interface AuthorValidateArgs {
  ruta?: string;
  paralelo?: number;
  json?: boolean;
}

export interface AuthorNewArgs {
  tipo: string;
  id: string;
  en?: string;
  pruebas?: string;
}

const validate: CommandModule<object, AuthorValidateArgs> = {
  command: ['validar [ruta]', 'validate [ruta]'],
  describe: 'Comprueba lecciones y ejercicios: formato, marcadores sin rellenar, lecciones en verde con --auto, soluciones y programas erróneos',
  builder: (yargs) =>
    yargs
      .positional('ruta', { type: 'string', describe: 'Una lección, un ejercicio o una carpeta de ellos (por defecto, los del taller o --lecciones/--ejercicios)' })
      .option('paralelo', {
        alias: 'parallel',
        type: 'string',
        describe: 'Comprobaciones a la vez (por defecto, tantas como núcleos)',
        coerce: positiveInteger('paralelo', 'un número entero positivo'),
      })
      .option('json', { type: 'boolean', describe: 'Resultado en JSON' })
      .example('$0 autor validar', 'todo el contenido del taller')
      .example('$0 autor validar mis-lecciones/', 'tus lecciones y ejercicios'),
  handler: (args) => runCommand(async () => (await import('../teacher/author-validate.js')).authorValidateMain(args)),
};

const scaffold: CommandModule<object, AuthorNewArgs> = {
  command: ['nuevo <tipo> <id>', 'new <tipo> <id>'],
  describe: 'Crea una lección o un ejercicio nuevo, con comentarios que dicen qué rellenar',
  builder: (yargs) =>
    yargs
      .positional('tipo', { type: 'string', describe: 'leccion o ejercicio', demandOption: true })
      .positional('id', { type: 'string', describe: 'Id: minúsculas, números y guiones', demandOption: true })
      .option('en', { alias: 'in', type: 'string', describe: 'Carpeta donde crearlo (por defecto, la actual)' })
      .option('pruebas', { alias: 'tests', type: 'string', describe: 'Ejercicio: las pruebas de qué ejercicio del taller usa (por defecto servidor-tcp)' })
      .check((args) => {
        if (!['leccion', 'lección', 'lesson', 'ejercicio', 'exercise'].includes(args.tipo)) {
          throw new Error(`El tipo debe ser «leccion» o «ejercicio», no «${args.tipo}»`);
        }
        return true;
      })
      .example('$0 autor nuevo leccion mi-leccion --en mis-lecciones', 'una lección que ya pasa «autor validar»')
      .example('$0 autor nuevo ejercicio eco-mayusculas --pruebas eco-tcp', 'un ejercicio con las pruebas de eco-tcp'),
  handler: (args) => runCommand(async () => (await import('../teacher/author-new.js')).authorNewMain(args)),
};

export const authorCommand: CommandModule = {
  command: ['autor', 'author'],
  describe: 'Para docentes: crea y valida lecciones y ejercicios propios',
  builder: (yargs) =>
    yargs
      .command(validate)
      .command(scaffold)
      .demandCommand(1, 'Indica qué hacer: «autor validar» o «autor nuevo leccion|ejercicio <id>».')
      .example('$0 autor nuevo leccion mi-leccion --en mis-lecciones', 'crea una lección que ya pasa «autor validar»')
      .example('$0 autor validar mis-lecciones', 'comprueba tus lecciones y ejercicios')
      .example('$0 autor validar', 'comprueba el contenido del taller'),
  handler: () => undefined,
};
