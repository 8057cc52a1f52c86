import { cliCommand } from '../invocation.js';

/**
 * A command's examples for yargs, one command per line, as it runs from here (`$0`), with what it
 * does as a shell comment after it; when both do not fit the help's width, the comment goes on the
 * line above. Every line can be pasted and run.
 */
export function examples(list: Array<[command: string, what: string]>, width = Math.min(100, process.stdout.columns || 80)): Array<[string, string]> {
  return list.flatMap(([command, what]): Array<[string, string]> => {
    // The runnable form itself, not yargs' $0 (the help's command list keeps the short name).
    const line = `${cliCommand()} ${command}  # ${what}`;
    if (line.length + 4 <= width) return [[line, '']];
    return [[`# ${what}`, ''], [`${cliCommand()} ${command}`, '']];
  });
}
