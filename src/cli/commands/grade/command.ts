import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { positiveInteger } from '../../flag-values.js';
import type { GradeArgs } from './run.js';

export const gradeCommand: CommandModule<object, GradeArgs> = {
  command: ['calificar <carpeta>', 'grade <carpeta>'],
  describe: 'Para docentes: califica todas las entregas de una carpeta (un .py o una carpeta por alumno)',
  builder: (yargs) =>
    yargs
      .positional('carpeta', { type: 'string', describe: 'Carpeta con las entregas, o el .zip de «Descargar todas las entregas» de Moodle', demandOption: true })
      .option('ejercicio', { alias: 'exercise', type: 'string', describe: 'Id o número del ejercicio', demandOption: true })
      .option('paralelo', {
        alias: 'parallel',
        type: 'string',
        describe: 'Entregas calificadas a la vez (por defecto, tantas como núcleos)',
        coerce: positiveInteger('paralelo', 'un número entero positivo'),
      })
      .option('formato', { alias: 'format', type: 'string', describe: 'tabla, csv, json o junit (por defecto, tabla)' })
      .option('salida', { alias: 'output', type: 'string', describe: 'Escribe el informe en este archivo en lugar de la pantalla' })
      .option('tiempo-maximo', {
        alias: 'time-limit',
        type: 'string',
        describe: 'Segundos como mucho para calificar cada entrega (por defecto 60)',
        coerce: positiveInteger('tiempo-maximo', 'un número de segundos'),
      })
      .option('memoria', {
        alias: 'memory',
        type: 'string',
        describe: 'Memoria máxima de cada programa, en MB (por defecto 512)',
        coerce: positiveInteger('memoria', 'un número de MB'),
      })
      .option('aislamiento', {
        alias: 'isolation',
        type: 'string',
        describe: 'auto (por defecto): red privada por entrega si el sistema lo permite; red-privada: exígela; puertos: sin red privada, un puerto distinto por entrega',
      })
      .option('nota-maxima', {
        alias: 'max-grade',
        type: 'string',
        describe: 'La nota de quien supera todas las pruebas (por defecto 10); cada prueba vale sus «puntos» de ejercicio.yaml',
        coerce: positiveInteger('nota-maxima', 'un número entero positivo'),
      })
      .option('columna-id', {
        alias: 'id-column',
        type: 'string',
        describe: 'CSV: nombre de la columna del identificador del alumno (para importar las notas en Moodle)',
      })
      .check((args) => {
        const format = args.formato;
        if (format !== undefined && !['tabla', 'table', 'csv', 'json', 'junit', 'xml'].includes(format)) {
          throw new Error(`--formato debe ser tabla, csv, json o junit, no «${format}»`);
        }
        if (args.aislamiento !== undefined && !['auto', 'red-privada', 'puertos'].includes(args.aislamiento)) {
          throw new Error(`--aislamiento debe ser auto, red-privada o puertos, no «${args.aislamiento}»`);
        }
        if (args.memoria !== undefined && args.memoria < 64) throw new Error('--memoria: al menos 64 MB (Python solo ya usa unos 30)');
        return true;
      })
      .example('$0 calificar entregas/ --ejercicio servidor-tcp', 'tabla en la pantalla')
      .example('$0 calificar entregas/ --ejercicio 1 --formato csv --salida notas.csv', 'para una hoja de cálculo')
      .example('$0 calificar entregas/ --ejercicio eco-tcp --formato junit --salida informe.xml', 'para la CI del aula')
      .example('$0 calificar descarga-moodle.zip --ejercicio 1 --formato csv --columna-id Identificador --salida notas.csv', 'notas para el libro de calificaciones de Moodle'),
  handler: (args) => runCommand(async () => (await import('./run.js')).gradeCommandMain(args)),
};
