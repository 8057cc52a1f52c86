import yargs from 'yargs';
import { yargsSpanish } from './locale.js';
import { commands } from './commands/index.js';
import { EXIT } from './exit-codes.js';
import { reportError } from './run-command.js';
import { survivesOutputErrors } from './output-errors.js';
import { theme } from '../ui/theme.js';
import { packageVersion } from '../package-root.js';
import { cliCommand } from './invocation.js';
import { hideOptionTypes, optionSuggestion, pageLongHelp, teacherCommand } from './usage-help.js';
import { isInteractive } from './interactive.js';
import { resolveConfig, setConfig } from './config.js';

// A full disk or a reader that stops early (`| head -1`): one Spanish line, never a stack trace.
survivesOutputErrors();

const parser = yargs(process.argv.slice(2))
  .scriptName('taller-sockets')
  .locale('es')
  // One name per flag: without this, errors list every flag twice (kebab-case and camelCase).
  .parserConfiguration({ 'camel-case-expansion': false })
  .updateStrings(yargsSpanish as Record<string, string>)
  .usage(
    '$0 [comando]\n\nTaller de programación de sockets en Python, en vivo y en español.\n' +
      'Sin comando, abre el menú del taller.',
  )
  .command(commands)
  .option('lecciones', {
    type: 'string',
    hidden: !teacherCommand(),
    describe: 'Carpeta con lecciones propias, en lugar de las del taller (+carpeta: además de las del taller)',
    global: true,
  })
  .option('ejercicios', {
    type: 'string',
    hidden: !teacherCommand(),
    describe: 'Carpeta con ejercicios propios, en lugar de los del taller (+carpeta: además de los del taller)',
    global: true,
  })
  .option('color', { type: 'boolean', describe: 'Fuerza (--color) o quita (--no-color) los colores', global: true })
  .middleware((argv) => {
    if (typeof argv.color === 'boolean') theme.color = argv.color;
    setConfig(resolveConfig(argv, process.env));
  })
  .alias('h', 'help')
  .alias('v', 'version')
  .version(packageVersion())
  .strictCommands()
  .strictOptions()
  .recommendCommands()
  .wrap(Math.min(100, process.stdout.columns || 80))
  .epilog((cliCommand() === 'taller-sockets' ? '' : `Desde aquí, «taller-sockets» se escribe «${cliCommand()}» (los ejemplos ya lo usan así). `) +
    `Más ayuda: ${cliCommand()} <comando> --help. Códigos de salida: 0 bien, 1 algo falló, 2 uso incorrecto, 130 Ctrl-C.`)
  // Handlers catch their own errors (runCommand): what reaches here is a usage mistake, including
  // the messages thrown by each command's .check().
  .fail((message, error) => {
    process.stderr.write(`${theme.red('Error:')} ${message || (error as Error | undefined)?.message}\n`);
    const suggestion = optionSuggestion(message, parser);
    process.stderr.write(suggestion ? `${suggestion}\n\n` : '\n');
    process.stderr.write(`Usa «${cliCommand()} --help» para ver los comandos y opciones.\n`);
    process.exit(EXIT.usage);
  });

hideOptionTypes(parser);

// Before running a command, yargs renders the whole help text, only to keep it for a showHelp()
// from inside a handler, which this CLI never calls: ~4% of every command's start (--cpu-prof).
// Its internals are reached defensively: if yargs changes them, this does nothing.
type YargsInternals = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
const usage = (parser as unknown as YargsInternals).getInternalMethods?.().getUsageInstance?.();
if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;

const afterHelp = pageLongHelp(parser, isInteractive());
try {
  await parser.parseAsync();
} catch (error) {
  process.exitCode = reportError(error);
}
await afterHelp();
