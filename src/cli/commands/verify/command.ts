import type { CommandModule } from 'yargs';
import { runCommand } from '../../run-command.js';
import { examples } from '../examples.js';
import { exerciseAndFile } from '../exercise-file.js';
import type { VerifyArgs } from './run.js';

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: ['verificar [id] [archivo]', 'verify [id] [archivo]'],
  describe: 'Comprueba tu programa de un ejercicio con pruebas sobre sockets reales',
  builder: (yargs) =>
    exerciseAndFile(yargs)
      .option('json', { type: 'boolean', describe: 'Resultado en JSON (formato de exercism, versión 3)' })
      .option('vigilar', { alias: 'watch', type: 'boolean', describe: 'Vuelve a verificar cada vez que guardas el archivo (Ctrl-C para salir)' })
      .option('vigilar-veces', { type: 'number', hidden: true })
      .option('puertos-libres', {
        alias: 'free-ports',
        type: 'boolean',
        describe: 'Usa siempre un puerto libre en lugar del del documento (útil si varias personas comparten la máquina; también TALLER_SOCKETS_PUERTOS_LIBRES=1)',
      })
      .option('puerto', { type: 'string', hidden: true })
      .option('formato', { alias: 'format', type: 'string', describe: 'vpl: el formato de evaluación de Moodle VPL, con la nota (--nota-maxima, por defecto 10)' })
      .option('nota-maxima', { alias: 'max-grade', type: 'number', describe: 'Con --formato vpl o --json: la nota de quien supera todas las pruebas' })
      .check((args) => {
        const times = args['vigilar-veces'];
        if (times !== undefined && (!Number.isInteger(times) || times < 1)) throw new Error('--vigilar-veces debe ser un número entero positivo');
        if (args.json && args.vigilar) throw new Error('--json y --vigilar no pueden ir juntas');
        if (args.formato !== undefined && args.formato !== 'vpl') throw new Error(`--formato solo admite «vpl», no «${args.formato}» (para JSON: --json)`);
        if (args.formato && (args.json || args.vigilar)) throw new Error('--formato vpl no va con --json ni --vigilar');
        const scale = args['nota-maxima'];
        if (scale !== undefined && !(Number.isFinite(scale) && scale > 0)) throw new Error('--nota-maxima debe ser un número positivo');
        const port = args.puerto;
        if (port !== undefined && port !== 'libre' && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
          throw new Error('--puerto debe ser un número de puerto (1-65535) o «libre»');
        }
        return true;
      })
      .example(examples([
        ['verificar servidor-tcp', 'verifica ./servidor-tcp.py'],
        ['verificar eco-tcp mi-eco.py', 'verifica otro archivo'],
        ['verificar cliente-tcp --vigilar', 'verifica cada vez que guardas'],
        ['verificar', 'el ejercicio que tienes en curso'],
        ['verificar servidor-tcp --json', 'resultado en JSON'],
        ['verificar servidor-tcp --formato vpl', 'para Moodle VPL (lo usa «autor aula vpl»)'],
      ])),
  // The grading worker starts first (it boots while the rest of verificar loads): see startVerifyWorker.
  handler: (args) =>
    runCommand(async () => {
      const worker = args.vigilar || args.formato ? undefined : (await import('./private-network-verify.js')).startVerifyWorker();
      try {
        return await (await import('./run.js')).verifyCommandMain(args, worker);
      } finally {
        worker?.dispose();
      }
    }),
};
