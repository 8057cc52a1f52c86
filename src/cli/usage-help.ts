import type { Argv } from 'yargs';
import { editDistance } from '../text/closest.js';

const TEACHER_COMMANDS = new Set(['autor', 'author', 'calificar', 'grade']);

/** Whether this run is a teacher's command: only then does --help show the teachers' options. */
export function teacherCommand(argv: string[] = process.argv.slice(2)): boolean {
  const first = argv.find((arg) => !arg.startsWith('-'));
  return first !== undefined && TEACHER_COMMANDS.has(first);
}

/**
 * --help on a terminal, taller than it: collect what yargs prints (it would exit at once) and show
 * it through the pager afterwards. Returns what to call once parsing is over.
 */
export function pageLongHelp(parser: Argv, interactive: boolean, argv: string[] = process.argv.slice(2)): () => Promise<void> {
  if (!interactive || !argv.some((arg) => arg === '--help' || arg === '-h')) return async () => undefined;
  parser.exitProcess(false);
  const printed: string[] = [];
  const original = console.log;
  console.log = (...parts: unknown[]) => { printed.push(parts.map(String).join(' ')); };
  return async () => {
    console.log = original;
    if (!printed.length) return;
    const { showPaged } = await import('../ui/pager.js');
    await showPaged(printed.join('\n'));
  };
}

/** No «[sí/no]» / «[texto]» tags in --help: each description says what the option takes. */
export function hideOptionTypes(parser: Argv): void {
  // yargs >= 17.7 has usageConfiguration; its typings do not list it yet.
  (parser as unknown as { usageConfiguration?: (config: Record<string, boolean>) => unknown }).usageConfiguration?.({ 'hide-types': true });
}

/**
 * «¿Quisiste decir --practicar?» for an unknown option close to a real one (yargs only suggests
 * commands). Undefined when nothing is close enough to be a typo.
 */
export function optionSuggestion(message: string | undefined, instance: Argv): string | undefined {
  const unknown = /Argumentos? desconocidos?: (.+)$/m.exec(message ?? '')?.[1]?.split(', ')[0]?.replace(/^-+/, '');
  if (!unknown) return undefined;
  const options = Object.keys((instance as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key);
  let best: { name: string; distance: number } | undefined;
  for (const name of options) {
    const distance = editDistance(unknown, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  const limit = Math.max(2, Math.floor(unknown.length / 3));
  return best && best.distance <= limit ? `¿Quisiste decir --${best.name}?` : undefined;
}
