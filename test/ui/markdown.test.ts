import { test } from 'node:test';
import assert from 'node:assert/strict';
import { theme } from '../../src/ui/theme.js';
import { renderMarkdown } from '../../src/ui/markdown.js';

test('Markdown renders bold and code inside list items too, and headings without hashes', async () => {
  theme.color = true;
  const out = await renderMarkdown('### Listado\n\n- uno **negrita** y `socket()`\n\nTexto **fuerte**.\n');
  assert.doesNotMatch(out, /\*\*|`|###/, out);
  assert.match(out, /\u001b\[1mnegrita\u001b\[22m/, 'bold inside a list item');
  assert.match(out, /\u001b\[33msocket\(\)\u001b\[39m/, 'code inside a list item');
  assert.match(out, /Listado/);
});
