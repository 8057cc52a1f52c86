import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, ROOT } from '../helpers/cli.js';

/** English words that must never reach a Spanish-speaking learner, and leftover placeholders. */
const ENGLISH = /\b(Usage|Options|Commands|Examples|Positionals|Show help|Show version|default:|required|boolean|string|Not enough|Unknown (argument|command)|Missing|Did you mean|choices|aliases|Invalid|Error: Error|internal error|Warning)\b/;
const PLACEHOLDERS = /%s|%d|\{\{|\}\}|\bundefined\b|\[object Object\]|\bNaN\b|\$\{/;

/** Python's own exception text is shown on purpose (it can be searched): it is not UI text. */
function withoutPythonMessages(text: string): string {
  return text.replace(/\b[A-Z]\w*(Error|Exception|Interrupt|Exit|gaierror|timeout): [^\n]*/g, '');
}

function assertSpanish(raw: string, where: string): void {
  const text = withoutPythonMessages(raw);
  const english = ENGLISH.exec(text);
  assert.equal(english, null, `${where}: English text «${english?.[0]}» in:\n${text}`);
  const placeholder = PLACEHOLDERS.exec(text);
  assert.equal(placeholder, null, `${where}: placeholder «${placeholder?.[0]}» in:\n${text}`);
}

test('the help of every command is Spanish, with examples', async () => {
  const root = await runCli(['--help']);
  assert.equal(root.code, 0);
  assertSpanish(root.stdout, 'taller-sockets --help');
  const commands = [...root.stdout.matchAll(/^ {2}taller-sockets ([a-zñ]+)/gm)].map((match) => match[1]!);
  assert.ok(commands.length >= 2, `commands found in help: ${commands.join(', ')}`);
  for (const command of commands) {
    const help = await runCli([command, '--help']);
    assert.equal(help.code, 0, `${command} --help`);
    assertSpanish(help.stdout, `${command} --help`);
    assert.match(help.stdout, /Ejemplos:/, `${command} --help shows examples`);
  }
});

test('listings, transcripts and errors are Spanish', async () => {
  const lessons = join(ROOT, 'test', 'fixtures', 'lessons');
  const outputs = await Promise.all([
    runCli(['lecciones']),
    runCli(['leccion', 'par-tcp', '--auto', '--lecciones', lessons]),
    runCli(['leccion', 'no-existe']),
    runCli(['leccion']),
    runCli(['lecciones', '--opcion-que-no-existe']),
    runCli(['leccion', 'par-tcp', '--desde', 'tres', '--lecciones', lessons]),
  ]);
  for (const { stdout, stderr } of outputs) {
    assertSpanish(stdout, 'stdout');
    assertSpanish(stderr, 'stderr');
  }
  assert.match(outputs[3].stderr, /Faltan argumentos|Falta el argumento/);
  assert.match(outputs[4].stderr, /Argumento desconocido: opcion-que-no-existe\n/);
  assert.match(outputs[5].stderr, /--desde debe ser un número de paso \(1, 2, 3\.\.\.\), no «tres»/);
});
