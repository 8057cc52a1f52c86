import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { positiveInteger } from '../../flag-values.js';
import type { AuthorNewArgs } from './new/run.js';
import type { AuthorExportArgs } from './export/run.js';
import type { AuthorValidateArgs } from './validate/run.js';

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
      .option('sin-ejecutar', { alias: 'static', type: 'boolean', describe: 'Solo lo que no necesita ejecutar nada (formato, marcadores, pistas), en segundos' })
      .example('$0 autor validar', 'todo el contenido del taller')
      .example('$0 autor validar --sin-ejecutar', 'solo el formato, sin ejecutar lecciones ni programas')
      .example('$0 autor validar mis-lecciones/', 'tus lecciones y ejercicios'),
  handler: (args) => runCommand(async () => (await import('./validate/run.js')).authorValidateMain(args)),
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
  handler: (args) => runCommand(async () => (await import('./new/run.js')).authorNewMain(args)),
};

const target = { alias: ['to', 'en'], type: 'string', describe: 'Carpeta donde escribirlo', demandOption: 'Indica la carpeta con --a <carpeta>.' } as const;

const exportGrader: CommandModule<object, AuthorExportArgs> = {
  command: ['exportar <ejercicios..>', 'export <ejercicios..>'],
  describe: 'Escribe el calificador que viaja (un archivo: Node y Python, nada más) con esos ejercicios',
  builder: (yargs) =>
    yargs
      .positional('ejercicios', { type: 'string', array: true, describe: 'Ids o números de los ejercicios', demandOption: true })
      .option('a', target)
      .example('$0 autor exportar servidor-tcp eco-tcp --a calificador/', 'node calificador/taller-calificador.mjs servidor-tcp alumno.py'),
  handler: (args) => runCommand(async () => (await import('./export/run.js')).authorExportMain(args)),
};

const classroom: CommandModule<object, AuthorExportArgs> = {
  command: ['aula <plataforma> <ejercicios..>', 'classroom <plataforma> <ejercicios..>'],
  describe: 'Prepara una tarea para Moodle VPL (vpl) o GitHub Classroom (github), calificada con el mismo calificador',
  builder: (yargs) =>
    yargs
      .positional('plataforma', { type: 'string', describe: 'vpl o github', demandOption: true })
      .positional('ejercicios', { type: 'string', array: true, describe: 'Ids o números de los ejercicios (vpl: uno)', demandOption: true })
      .option('a', target)
      .check((args) => {
        if (!['vpl', 'github'].includes(args.plataforma)) throw new Error(`La plataforma debe ser «vpl» o «github», no «${args.plataforma}»`);
        if (args.plataforma === 'vpl' && args.ejercicios.length !== 1) throw new Error('Una actividad VPL califica un ejercicio: indica uno solo');
        return true;
      })
      .example('$0 autor aula vpl servidor-tcp --a vpl-servidor/', 'archivos de ejecución de una actividad VPL')
      .example('$0 autor aula github servidor-tcp eco-tcp --a plantilla/', 'repositorio plantilla de GitHub Classroom'),
  handler: (args) => runCommand(async () => (await import('./export/run.js')).authorClassroomMain(args)),
};

export const authorCommand: CommandModule = {
  command: ['autor', 'author'],
  describe: 'Para docentes: crea y valida lecciones y ejercicios propios, y los lleva a Moodle VPL o GitHub Classroom',
  builder: (yargs) =>
    yargs
      .command(validate)
      .command(scaffold)
      .command(exportGrader)
      .command(classroom)
      .demandCommand(1, 'Indica qué hacer: «autor validar», «autor nuevo leccion|ejercicio <id>», «autor exportar <ejercicio>...» o «autor aula vpl|github <ejercicio>...».')
      .example('$0 autor nuevo leccion mi-leccion --en mis-lecciones', 'crea una lección que ya pasa «autor validar»')
      .example('$0 autor validar mis-lecciones', 'comprueba tus lecciones y ejercicios')
      .example('$0 autor validar', 'comprueba el contenido del taller')
      .example('$0 autor aula vpl servidor-tcp --a vpl/', 'una actividad de Moodle VPL'),
  handler: () => undefined,
};
