import { terminalWidth, theme } from './theme.js';

type Render = (markdown: string) => string;
let renderer: Promise<Render> | undefined;

/** Renders Markdown for the terminal. marked-terminal (with its highlighter) loads only when needed. */
export async function renderMarkdown(markdown: string): Promise<string> {
  if (!markdown.trim()) return '';
  renderer ??= loadRenderer();
  return (await renderer)(markdown).replace(/\n+$/, '');
}

/**
 * Starts loading the renderer without waiting for it. Loading marked-terminal is the longest part
 * of a lesson's first screen (--cpu-prof); started before the kernels, it overlaps their start,
 * which Node spends waiting. A failure to load shows at the first render, as without this.
 */
export function preloadMarkdown(): void {
  renderer ??= loadRenderer();
  renderer.catch(() => undefined);
}

async function loadRenderer(): Promise<Render> {
  // marked-terminal colours through chalk, which decides once, at import, from FORCE_COLOR and the
  // TTY: make it follow our own decision (--color / --no-color / NO_COLOR), then restore the env.
  const previous = process.env.FORCE_COLOR;
  process.env.FORCE_COLOR = theme.color ? '1' : '0';
  const [{ Marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]).finally(() => {
    if (previous === undefined) delete process.env.FORCE_COLOR;
    else process.env.FORCE_COLOR = previous;
  });
  const marked = new Marked();
  const plain = (text: string): string => text;
  const options: Record<string, unknown> = {
    width: terminalWidth() - 2,
    reflowText: true,
    tab: 2,
    emoji: false,
    showSectionPrefix: false,
  };
  if (!theme.color) {
    for (const key of ['code', 'blockquote', 'html', 'heading', 'firstHeading', 'hr', 'listitem', 'table',
      'paragraph', 'strong', 'em', 'codespan', 'del', 'link', 'href', 'text']) options[key] = plain;
  }
  marked.use(markedTerminal(options, theme.color ? {} : { ignoreIllegals: true, language: 'plaintext' }) as never);
  // marked-terminal renders list items' text raw with marked >= 13 (its issue #304): parse their
  // inline tokens (bold, code) ourselves; returning false falls back to its own renderer.
  marked.use({
    renderer: {
      text(token) {
        if (typeof token === 'object' && 'tokens' in token && token.tokens?.length) return this.parser.parseInline(token.tokens);
        return false;
      },
    },
  });
  return (markdown) => marked.parse(markdown, { async: false }) as string;
}
