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

test('paths are clickable links (OSC 8) only in a colour terminal; plain text otherwise', async () => {
  const { link } = await import('../../src/ui/theme.js');
  const tty = { isTTY: true } as NodeJS.WriteStream;
  const pipe = { isTTY: false } as NodeJS.WriteStream;
  theme.color = true;
  assert.equal(link('./eco.py', 'file:///tmp/eco.py', tty), '\u001b]8;;file:///tmp/eco.py\u0007./eco.py\u001b]8;;\u0007');
  assert.equal(link('./eco.py', 'file:///tmp/eco.py', pipe), './eco.py');
  theme.color = false;
  assert.equal(link('./eco.py', 'file:///tmp/eco.py', tty), './eco.py');
});
