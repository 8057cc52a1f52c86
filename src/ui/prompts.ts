import { forTerminal, symbols, terminalWidth, theme, visibleLength } from './theme.js';
/**
 * Interactive prompts (menu and yes/no), in Spanish. The only module that knows about enquirer;
 * it is imported lazily, so commands that never ask anything do not pay for it.
 */

export interface PromptStreams {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/** The learner left a prompt: Ctrl-C (leave the workshop, exit 130) or Escape (go back). */
export class PromptCancelled extends Error {
  constructor(readonly reason: 'interrupt' | 'escape') {
    super(reason === 'interrupt' ? 'Ctrl-C' : 'Esc');
    this.name = 'PromptCancelled';
  }
}

export interface MenuChoice<T> {
  /** Unique key of the entry. */
  name: string;
  message: string;
  hint?: string;
  value: T;
}

export interface MenuSeparator {
  separator: string;
}

interface KeyInfo {
  name?: string;
  ctrl?: boolean;
  action?: string;
}

/** The little of enquirer's prompt classes we use (its typings do not export them). */
interface PromptInstance {
  run(): Promise<unknown>;
  on(event: 'keypress', listener: (input: string, key: KeyInfo | undefined) => void): void;
}
type PromptClass = new (options: Record<string, unknown>) => PromptInstance;

/** enquirer copies every option onto the prompt: an explicit `stdout: undefined` would replace process.stdout. */
function withStreams(options: Record<string, unknown>, streams: PromptStreams): Record<string, unknown> {
  return { ...options, ...(streams.stdin ? { stdin: streams.stdin } : {}), ...(streams.stdout ? { stdout: streams.stdout } : {}) };
}

async function enquirerClass(name: 'Select' | 'Input'): Promise<PromptClass> {
  const [module, colors] = await Promise.all([import('enquirer'), import('ansi-colors')]);
  // enquirer colours through ansi-colors, which knows nothing of NO_COLOR / --no-color: follow ours.
  (colors.default as unknown as { enabled: boolean }).enabled = theme.color;
  return (module as unknown as { default: Record<string, PromptClass> }).default[name]!;
}

/** Runs a prompt, turning enquirer's cancellation into a typed PromptCancelled. */
async function runPrompt<T>(prompt: PromptInstance): Promise<T> {
  let lastKey: KeyInfo = {};
  prompt.on('keypress', (_input, key) => {
    lastKey = key ?? {};
  });
  try {
    return (await prompt.run()) as T;
  } catch (error) {
    if (error instanceof Error && !(error instanceof PromptCancelled) && lastKey.action !== 'cancel') throw error;
    throw new PromptCancelled(lastKey.name === 'escape' ? 'escape' : 'interrupt');
  }
}

/**
 * A menu line that fits the terminal on one line (enquirer redraws a list by counting lines: an
 * entry that wraps breaks the redraw). The detail goes first; then the text is shortened after a
 * whole word, with «…».
 */
function fitMenuLine(message: string, hint: string | undefined, width: number): { message: string; hint?: string } {
  const room = width - 4;
  if (hint && visibleLength(message) + 1 + visibleLength(hint) <= room) return { message, hint };
  if (visibleLength(message) <= room) return { message };
  const words = message.split(' ');
  let shortened = '';
  for (const word of words) {
    const candidate = shortened ? `${shortened} ${word}` : word;
    if (visibleLength(candidate) + 2 > room) break;
    shortened = candidate;
  }
  return { message: `${shortened} …` };
}

/** The entry a typed number jumps to (lesson N), if any. */
type NumberKeys = Record<string, string>;

interface SelectInternals {
  choices: Array<{ name: string; index: number }>;
  visible: Array<{ name: string }>;
  limit: number;
  index: number;
  render(): void;
  number(digit: string): unknown;
}

/** Number keys: typing «1», «2» then «0»… moves the cursor to that entry (typed quickly, one number). */
function jumpWithNumbers(prompt: PromptInstance, numbers: NumberKeys): void {
  const select = prompt as unknown as SelectInternals;
  let typed = '';
  let timer: NodeJS.Timeout | undefined;
  select.number = (digit: string) => {
    typed += digit;
    clearTimeout(timer);
    const jump = (): void => {
      const name = numbers[typed];
      typed = '';
      const choice = name && select.choices.find((candidate) => candidate.name === name);
      if (!choice) return;
      if (!select.visible.includes(choice)) {
        const ordered = [...select.choices].sort((a, b) => a.index - b.index);
        const at = ordered.indexOf(choice);
        select.choices = ordered.slice(at).concat(ordered.slice(0, at));
      }
      select.index = select.choices.indexOf(choice);
      select.render();
    };
    // A number that no longer number starts with is complete: jump at once; else wait a moment for more digits.
    const more = Object.keys(numbers).some((key) => key !== typed && key.startsWith(typed));
    if (more) timer = setTimeout(jump, 500);
    else jump();
  };
}

const menuSymbols = { pointer: symbols.arrow };

/** A list to move through with the arrows; Enter chooses. `initial` is the name of the highlighted entry. */
export async function chooseFromMenu<T>(
  message: string,
  entries: Array<MenuChoice<T> | MenuSeparator>,
  options: PromptStreams & { initial?: string; numbers?: NumberKeys } = {},
): Promise<T> {
  const Select = await enquirerClass('Select');
  const width = terminalWidth(options.stdout ?? process.stdout);
  const choices = entries.map((entry, index) =>
    'separator' in entry
      ? { name: `__separator_${index}`, role: 'separator', message: forTerminal(entry.separator) }
      : { name: entry.name, ...fitMenuLine(forTerminal(entry.message), entry.hint && forTerminal(entry.hint), width) },
  );
  const prompt = new Select(
    withStreams(
      {
        name: 'menu',
        message,
        choices,
        ...(options.initial !== undefined ? { initial: options.initial } : {}),
        footer: forTerminal(`(↑/↓${options.numbers ? ' o el número de una lección' : ' para moverte'}, Enter para elegir, Esc para salir)`),
        symbols: menuSymbols,
        // Long menus scroll instead of overflowing a short terminal.
        limit: Math.max(5, Math.min(choices.length, (options.stdout ?? process.stdout).rows - 6 || choices.length)),
        // Once chosen, echo the entry's text, not its internal key.
        format(this: { state: { submitted: boolean; cancelled: boolean }; selected?: { message: string } }) {
          return this.state.submitted && !this.state.cancelled && this.selected ? this.selected.message : '';
        },
      },
      options,
    ),
  );
  if (options.numbers) jumpWithNumbers(prompt, options.numbers);
  const name = await runPrompt<string>(prompt);
  const chosen = entries.find((entry): entry is MenuChoice<T> => !('separator' in entry) && entry.name === name);
  if (!chosen) throw new Error(`menu returned an unknown entry «${name}»`);
  return chosen.value;
}

/** "s", "sí", "si", "y", "yes" are yes; "n", "no" are no; anything else is not an answer. */
export function parseYesNo(answer: string): boolean | undefined {
  const plain = answer.trim().toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (['s', 'si', 'y', 'yes'].includes(plain)) return true;
  if (['n', 'no'].includes(plain)) return false;
  return undefined;
}

/**
 * A yes/no question that understands Spanish ("s", "sí", "si" / "n", "no"), typed and confirmed
 * with Enter. Enter alone takes the default (shown in capitals: s/N or S/n).
 */
export async function confirmYesNo(message: string, options: PromptStreams & { initial?: boolean } = {}): Promise<boolean> {
  const Input = await enquirerClass('Input');
  const initial = options.initial ?? false;
  const answerOf = (value: unknown): boolean | undefined => {
    const text = typeof value === 'string' ? value : '';
    return text.trim() === '' ? initial : parseYesNo(text);
  };
  const prompt = new Input(
    withStreams(
      {
        name: 'confirmar',
        message: `${message} ${initial ? '(S/n)' : '(s/N)'}`,
        validate: (value: unknown) => answerOf(value) !== undefined || 'Responde «s» (sí) o «n» (no).',
      },
      options,
    ),
  );
  // enquirer treats `false` as "no value", so the typed text comes back and is read here.
  return answerOf(await runPrompt<string>(prompt)) ?? initial;
}
