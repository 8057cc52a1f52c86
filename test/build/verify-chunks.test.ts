import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/cli.js';

interface Output {
  entryPoint?: string;
  inputs: Record<string, unknown>;
  imports: { path: string; kind: string; external?: boolean }[];
}
interface BuildScript {
  buildCli(target: string, options: { metafile: boolean }): Promise<{ outputs: Record<string, Output> }>;
}

/** Markdown, prompts, the highlighter and the command-line parser: none belongs to grading. */
const HEAVY = ['node_modules/marked', 'node_modules/marked-terminal', 'node_modules/enquirer', 'node_modules/cli-highlight', 'node_modules/highlight.js'];

/** Every source file in `output` and in what it imports statically (what loading it loads). */
function loaded(outputs: Record<string, Output>, start: string): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const name = queue.pop()!;
    if (seen.has(name) || !outputs[name]) continue;
    seen.add(name);
    for (const input of Object.keys(outputs[name].inputs)) files.add(input);
    for (const entry of outputs[name].imports) if (entry.kind === 'import-statement') queue.push(entry.path);
  }
  return files;
}

const chunkOf = (outputs: Record<string, Output>, entryPoint: string): string => {
  const found = Object.entries(outputs).find(([, output]) => output.entryPoint === entryPoint);
  assert.ok(found, `the bundle has a chunk for ${entryPoint}`);
  return found[0];
};

test('verificar and its grading worker load no Markdown, prompts or highlighter; the worker not even yargs', async () => {
  const script = (await import(pathToFileURL(join(ROOT, 'scripts', 'build.mjs')).href)) as BuildScript;
  const target = join(mkdtempSync(join(tmpdir(), 'taller-sockets-chunks-')), 'dist');
  try {
    const { outputs } = await script.buildCli(target, { metafile: true });
    // The entry imports nothing statically; for verificar it starts the worker before anything
    // heavy loads (the parser comes after), and other commands do not even load that.
    assert.deepEqual(outputs['cli/main.js']!.imports.filter((entry) => entry.kind === 'import-statement'), [], 'the entry loads nothing before it runs');
    const earlyChunk = chunkOf(outputs, 'src/cli/early-start.ts');
    assert.ok(outputs['cli/main.js']!.imports.some((entry) => entry.path === earlyChunk), 'the entry starts the worker');
    const entry = new Set([...loaded(outputs, 'cli/main.js'), ...loaded(outputs, earlyChunk)]);
    assert.deepEqual([...entry].filter((file) => file.startsWith('node_modules/')), [], 'the entry loads no package before starting the worker');
    assert.ok(entry.has('src/cli/commands/verify/early-worker.ts'), 'the early start is the worker\'s');
    const verify = new Set([
      ...entry,
      ...loaded(outputs, chunkOf(outputs, 'src/cli/run-cli.ts')),
      ...loaded(outputs, chunkOf(outputs, 'src/cli/commands/verify/private-network-verify.ts')),
      ...loaded(outputs, chunkOf(outputs, 'src/cli/commands/verify/run.ts')),
    ]);
    // The worker is one file (each module Node loads has a cost of its own, paid per program graded)...
    const workerOutput = outputs['cli/grade-worker.js'];
    assert.ok(workerOutput, 'the bundle has the worker');
    assert.deepEqual(workerOutput.imports.filter((entry) => !entry.external), [], 'the worker loads no chunk');
    const worker = new Set(Object.keys(workerOutput.inputs));
    // ...whose grader is evaluated on first use: after the run is prepared (grade-worker.ts), not before.
    const workerCode = readFileSync(join(target, 'cli', 'grade-worker.js'), 'utf8');
    assert.match(workerCode, /var init_harness = __esm\(/, 'the grader in the worker is evaluated lazily');
    assert.ok(verify.has('src/cli/commands/verify/run.ts'), 'verificar is followed');
    assert.ok(worker.has('src/grader/harness.ts'), 'the worker holds the grader');
    for (const [what, files] of [['verificar', verify], ['the worker', worker]] as const) {
      const heavy = [...files].filter((file) => HEAVY.some((prefix) => file.startsWith(prefix)));
      assert.deepEqual(heavy, [], `${what} loads ${heavy.join(', ')}`);
    }
    assert.deepEqual([...worker].filter((file) => file.startsWith('node_modules/yargs')), [], 'the worker loads yargs');
  } finally {
    rmSync(join(target, '..'), { recursive: true, force: true });
  }
});
