/** One command as a person sees it: how to type it, its other names, what it does. */
export interface CommandSummary {
  /** The Spanish name and its arguments: `verificar [id] [archivo]`. */
  usage: string;
  /** Every name that runs it (the Spanish one, then the English alias). */
  names: string[];
  describe: string;
}

/** What a yargs command module declares about itself. */
interface DeclaredCommand {
  command?: string | readonly string[];
  aliases?: string | readonly string[];
  describe?: string | false;
}

/**
 * The commands as data, read once from their yargs definitions by run-cli.ts and handed to the home
 * command, which needs them (its help, "¿quisiste decir...?") but must not import the list that
 * contains it. Hidden commands (no description) are left out.
 */
export function catalogOf(commands: ReadonlyArray<DeclaredCommand>): CommandSummary[] {
  return commands.flatMap((command) => {
    const usages = [command.command ?? []].flat().map(String);
    const [usage] = usages;
    if (!usage || usage === '$0' || typeof command.describe !== 'string') return [];
    const names = [...usages, ...[command.aliases ?? []].flat().map(String)].map((spec) => spec.split(' ')[0]!);
    return [{ usage, names, describe: command.describe }];
  });
}
