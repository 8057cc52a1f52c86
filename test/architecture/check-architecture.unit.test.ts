import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/cli.js';

interface Broken {
  circles: Array<{ files: string[]; arrows: Array<{ file: string; target: string }> }>;
  upward: Array<{ file: string; target: string }>;
  unplaced: Array<{ folder: string }>;
  long: Array<{ file: string; lines: number }>;
  packages: Array<{ file: string; name: string }>;
  printing: Array<{ file: string; line: number; what: string }>;
}
interface ArchitectureScript {
  checkArchitecture(root?: string): { files: number; broken: Broken };
  report(result: { files: number; broken: Broken }): { text: string; ok: boolean };
  MAX_LINES: number;
}

const script = (await import(pathToFileURL(join(ROOT, 'scripts', 'check-architecture.mjs')).href)) as ArchitectureScript;

/** A throwaway repository holding only the given src/ files. */
function tree(files: Record<string, string>): { root: string; [Symbol.dispose](): void } {
  const root = mkdtempSync(join(tmpdir(), 'taller-sockets-arquitectura-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, [Symbol.dispose]: () => rmSync(root, { recursive: true, force: true }) };
}

test('a tree whose arrows all point down passes, type imports and import() included', () => {
  using repo = tree({
    'src/cli/main.ts': "import { run } from '../engine/run.js';\nconst later = () => import('./commands/lesson/run.js');\n",
    'src/cli/commands/lesson/run.ts': "import type { Lesson } from '../../../lessons/model.js';\nimport yargs from 'yargs';\n",
    'src/engine/run.ts': "import { spawnGroup } from '../system/process-group.js';\nexport const run = 1;\n",
    'src/lessons/model.ts': "export interface Lesson { id: string }\n",
    'src/system/process-group.ts': "import { UserError } from '../errors.js';\nexport const spawnGroup = 1;\n",
    'src/errors.ts': 'export class UserError extends Error {}\n',
  });
  const result = script.checkArchitecture(repo.root);
  assert.equal(result.files, 6);
  assert.deepEqual(Object.values(result.broken).flat(), []);
  assert.match(script.report(result).text, /todo en orden/);
});

test('each broken fact is named file → file', () => {
  using repo = tree({
    'src/cli/commands/hint.ts': "import { hint } from '../exercises/hint-command.js';\n",
    'src/cli/exercises/hint-command.ts': "import type { HintArgs } from '../commands/hint.js';\nexport const hint = 1;\n",
    'src/kernel/kernel-client.ts': "import { spawnGroup } from '../net/process-group.js';\n",
    'src/net/process-group.ts': "import { kernel } from '../kernel/protocol.js';\nexport const spawnGroup = 1;\n",
    'src/kernel/protocol.ts': 'export const kernel = 1;\n',
    'src/grader/harness.ts': "console.log('visto');\n".repeat(script.MAX_LINES + 1),
    'src/engine/flags.ts': "import yargs from 'yargs';\nprocess.exit(2);\n",
    'src/lessons/parse-lesson.ts': 'export {};\n'.repeat(script.MAX_LINES + 10),
    'src/extras/thing.ts': 'export {};\n',
  });
  const { broken } = script.checkArchitecture(repo.root);
  assert.deepEqual(broken.circles.map((circle) => circle.files), [['src/cli/commands/hint.ts', 'src/cli/exercises/hint-command.ts']]);
  assert.deepEqual(broken.circles[0]!.arrows, [
    { file: 'src/cli/commands/hint.ts', target: 'src/cli/exercises/hint-command.ts' },
    { file: 'src/cli/exercises/hint-command.ts', target: 'src/cli/commands/hint.ts' },
  ]);
  assert.deepEqual(broken.upward.map(({ file, target }) => `${file} → ${target}`), ['src/kernel/kernel-client.ts → src/net/process-group.ts']);
  assert.deepEqual(broken.long, [{ file: 'src/grader/harness.ts', lines: script.MAX_LINES + 1 }], 'the lesson parser may be longer');
  assert.deepEqual(broken.packages.map(({ file, name }) => `${file} ${name}`), ['src/engine/flags.ts yargs']);
  assert.deepEqual(broken.printing.map(({ file, line, what }) => `${file}:${line} ${what}`).slice(0, 2), ['src/engine/flags.ts:2 process.exit', 'src/grader/harness.ts:1 console.log']);
  assert.deepEqual(broken.unplaced.map(({ folder }) => folder), ['extras']);
  const { text, ok } = script.report({ files: 9, broken });
  assert.equal(ok, false);
  assert.match(text, /src\/kernel\/kernel-client\.ts → src\/net\/process-group\.ts {2}\(kernel\/ no puede importar net\/\)/);
  assert.match(text, /src\/cli\/exercises\/hint-command\.ts → src\/cli\/commands\/hint\.ts/);
});
