import { symbols, terminalWidth, theme } from './theme.js';
import { fitCodeLine } from './layout.js';

type Render = (markdown: string) => string;
interface Loaded {
  /** One renderer per width: a resized terminal gets a renderer of its new width at the next print. */
  forWidth(width: number): Render;
  highlight(code: string): string;
}
let loading: Promise<Loaded> | undefined;
let loaded: Loaded | undefined;

/** Renders Markdown for the terminal at its current width. marked-terminal (with its highlighter) loads only when needed. */
export async function renderMarkdown(markdown: string): Promise<string> {
  if (!markdown.trim()) return '';
  await renderMarkdownNow.ready();
  return renderMarkdownNow(markdown, terminalWidth());
}

/**
 * Renders at once (the renderer must be loaded: `renderMarkdownNow.ready()`), at this width; the
 * text itself is returned while it is not, so a print never waits.
 */
export function renderMarkdownNow(markdown: string, width: number): string {
  if (!markdown.trim()) return '';
  if (!loaded) return markdown;
  return loaded.forWidth(width)(markdown).replace(/\n+$/, '');
}
renderMarkdownNow.ready = async (): Promise<void> => {
  loaded = await (loading ??= load());
};

/** Python code with syntax colours once the highlighter is loaded (and colour is on); as it is otherwise. */
export function highlightPython(code: string): string {
  if (!loaded || !theme.color) return code;
  return loaded.highlight(code);
}

/**
 * Starts loading the renderer without waiting for it. Loading marked-terminal is the longest part
 * of a lesson's first screen (--cpu-prof); started before the kernels, it overlaps their start,
 * which Node spends waiting. A failure to load shows at the first render, as without this.
 */
export function preloadMarkdown(): void {
  loading ??= load();
  loading.catch(() => undefined);
}

async function load(): Promise<Loaded> {
  // marked-terminal colours through chalk, which decides once, at import, from FORCE_COLOR and the
  // TTY: make it follow our own decision (--color / --no-color / NO_COLOR), then restore the env.
  const previous = process.env.FORCE_COLOR;
  process.env.FORCE_COLOR = theme.color ? '1' : '0';
  const [{ Marked }, { markedTerminal }, highlighter] = await Promise.all([import('marked'), import('marked-terminal'), import('cli-highlight')]).finally(() => {
    if (previous === undefined) delete process.env.FORCE_COLOR;
    else process.env.FORCE_COLOR = previous;
  });
  // A CommonJS module: bundled, its exports come under `default`.
  const { highlight } = 'highlight' in highlighter ? highlighter : (highlighter as { default: typeof highlighter }).default;
  const highlightCode = (code: string): string => {
    try {
      return highlight(code, { language: 'python', ignoreIllegals: true });
    } catch {
      return code;
    }
  };
  const renderers = new Map<number, Render>();
  const make = (width: number): Render => {
    const marked = new Marked();
    const plain = (text: string): string => text;
    const options: Record<string, unknown> = { width: width - 2, reflowText: true, tab: 2, emoji: false, showSectionPrefix: false };
    if (!theme.color) {
      for (const key of ['code', 'blockquote', 'html', 'heading', 'firstHeading', 'hr', 'listitem', 'table',
        'paragraph', 'strong', 'em', 'codespan', 'del', 'link', 'href', 'text']) options[key] = plain;
    }
    marked.use(markedTerminal(options, theme.color ? {} : { ignoreIllegals: true, language: 'plaintext' }) as never);
    marked.use({
      renderer: {
        // marked-terminal renders list items' text raw with marked >= 13 (its issue #304): parse their
        // inline tokens (bold, code) ourselves; returning false falls back to its own renderer.
        text(token) {
          if (typeof token === 'object' && 'tokens' in token && token.tokens?.length) return this.parser.parseInline(token.tokens);
          return false;
        },
        // Code is never reflowed like prose: a line too long is continued with a mark, keeping its indent.
        code(token) {
          const text = token.lang && !/^py/.test(token.lang) ? token.text : highlightPython(token.text);
          const lines = text.split('\n').flatMap((line) => fitCodeLine('  ', line, width, symbols.continued));
          return `${lines.join('\n')}\n\n`;
        },
      },
    });
    return (markdown) => marked.parse(markdown, { async: false });
  };
  return {
    forWidth(width) {
      let render = renderers.get(width);
      if (!render) renderers.set(width, (render = make(width)));
      return render;
    },
    highlight: highlightCode,
  };
}
