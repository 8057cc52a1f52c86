import { test } from 'node:test';
import assert from 'node:assert/strict';
import { charWidth, displayWidth, fitCodeLine, fitText, wrapLine } from '../../src/ui/layout.js';

test('prose wraps between words with a hanging indent under its mark, never inside a word', () => {
  const line = '  ✔ el servidor no aceptó la conexión porque nadie ha llamado a accept() todavía en este paso';
  const lines = wrapLine(line, 40);
  assert.ok(lines.length > 1);
  for (const part of lines) assert.ok(displayWidth(part) <= 40, part);
  for (const part of lines.slice(1)) assert.match(part, /^ {4}\S/, 'continuation hangs under the text after «✔ »');
  assert.ok(lines.some((part) => part.includes('accept()')), 'the call stays whole');
  assert.equal(lines.join(' ').replace(/\s+/g, ' ').trim(), line.trim());
});

test('ids and addresses are never split; only a word wider than the line is', () => {
  const lines = wrapLine('Usa «npx taller-sockets ejercicio comunicacion-con-el-servidor» para empezar', 30);
  assert.ok(lines.some((part) => part.includes('comunicacion-con-el-servidor»')), lines.join('|'));
  const huge = wrapLine(`x ${'a'.repeat(50)}`, 20);
  for (const part of huge) assert.ok(displayWidth(part) <= 20, part);
});

test('colour escapes take no width, wide symbols take two columns', () => {
  assert.equal(displayWidth('\u001b[31mrojo\u001b[39m'), 4);
  assert.equal(charWidth('⏳'.codePointAt(0)!), 2);
  assert.equal(charWidth('✔'.codePointAt(0)!), 1);
  assert.equal(displayWidth('⏳ x'), 4);
  const coloured = wrapLine(`\u001b[33m${'palabra '.repeat(12).trim()}\u001b[39m`, 30);
  for (const part of coloured) assert.ok(displayWidth(part) <= 30);
});

test('a long code line is continued with the mark and keeps its indentation under the prefix', () => {
  const code = '        conn.sendall(b"una respuesta bastante larga que no cabe en la terminal") # comentario';
  const lines = fitCodeLine('  servidor ▸ ', code, 60, '↩');
  assert.ok(lines.length > 1);
  for (const part of lines) assert.ok(displayWidth(part) <= 60, part);
  for (const part of lines.slice(0, -1)) assert.match(part, /↩$/);
  for (const part of lines.slice(1)) assert.match(part, /^ {13} {12}\S/, 'prefix width, then the code indent plus four');
});

test('text that fits is left alone, line by line', () => {
  assert.equal(fitText('uno\n  dos\n', 80), 'uno\n  dos\n');
});
