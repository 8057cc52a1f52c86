import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { findFreePort } from '../../src/net/free-port.js';
import { TESTERS } from '../../src/grader/testers/index.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';
import { assertFailsWith, assertPasses, firstFailure, gradeChecked } from './grade-helpers.js';

/**
 * test/fixtures/programs/hostiles/<exercise>/**: programs that attack the grader rather than get
 * the exercise wrong (loops at 100 % CPU, endless memory, 1 GB of output, endless streams, children
 * that leave the process group, signals ignored, binds in the wrong places, garbage bytes...).
 * Each one says in its header what must happen: `# prueba:` the test that fails, `# espera:` texts
 * of its Spanish message, `# salida:` texts of the output kept; ok-*.py must pass. Whatever
 * happens, gradeChecked verifies that no process of the program is left (children that called
 * os.setsid() included), and nothing open nor in TIME_WAIT on the port.
 */
const ROOT = fileURLToPath(new URL('../fixtures/programs/hostiles/', import.meta.url));

interface Hostile {
  exercise: string;
  name: string;
  file: string;
  expects: string[];
  output: string[];
  failingTest?: string;
}

function pythonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return pythonFiles(path);
      return name.endsWith('.py') ? [path] : [];
    });
}

const hostiles: Hostile[] = readdirSync(ROOT)
  .sort()
  .flatMap((exercise) =>
    pythonFiles(join(ROOT, exercise)).map((file) => {
      const text = readFileSync(file, 'utf8');
      return {
        exercise,
        name: relative(join(ROOT, exercise), file),
        file,
        expects: [...text.matchAll(/^# espera: (.*)$/gm)].map((match) => match[1]!),
        output: [...text.matchAll(/^# salida: (.*)$/gm)].map((match) => match[1]!),
        failingTest: /^# prueba: (.*)$/m.exec(text)?.[1],
      };
    }),
  );

/**
 * A free port no other case of this file has had: a program that dies before listening leaves
 * its port free, and the OS may hand it to the next case at once; the checks after each run
 * ("nothing listens on the port") must only ever see the port's own program.
 */
const portsGiven = new Set<number>();
async function portOfItsOwn(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await findFreePort();
    if (portsGiven.has(port)) continue;
    portsGiven.add(port);
    return port;
  }
  throw new Error('the OS keeps handing out ports already given');
}

describe('programas hostiles', { concurrency: 4 }, () => {
  it('hay casos de servidor y de cliente, y cada uno dice qué debe pasar', () => {
    const exercises = new Set(hostiles.map((hostile) => hostile.exercise));
    for (const exercise of ['servidor-tcp', 'eco-tcp', 'cliente-tcp']) assert.ok(exercises.has(exercise), exercise);
    for (const hostile of hostiles) {
      assert.ok(TESTERS[hostile.exercise], `no hay ejercicio «${hostile.exercise}»`);
      if (!hostile.name.startsWith('ok-')) assert.ok(hostile.expects.length && hostile.failingTest, `${hostile.name}: faltan # prueba: y # espera:`);
    }
  });

  for (const hostile of hostiles) {
    const title = hostile.name.startsWith('ok-') ? 'pasa' : hostile.expects[0];
    it(`${hostile.exercise}/${hostile.name}: ${title}`, async () => {
      const result = await gradeChecked(TESTERS[hostile.exercise]!, hostile.file, { port: await portOfItsOwn() });
      if (hostile.name.startsWith('ok-')) return assertPasses(result);
      assertFailsWith(result, hostile.expects, hostile.failingTest);
      const failed = firstFailure(result)!;
      // Its own checks caught it, within the test's limit: not the runner's timeout.
      assert.doesNotMatch(failed.message ?? '', /superó su límite/, failed.message);
      // The learner reads our explanation, not Python's raw traceback.
      assert.doesNotMatch(failed.message ?? '', /Traceback \(most recent call last\)/);
      for (const text of hostile.output) assert.ok(failed.output.includes(text), `a la salida le falta «${text}»`);
    });
  }
});

describe('verificar con un programa hostil', { concurrency: 2 }, () => {
  const cases = [
    { file: 'servidor-tcp/hijo-escapa.py', expects: [/✘ acepta la conexión/, /Tu programa terminó sin llegar a escuchar/, /Además, dejó en marcha/] },
    { file: 'servidor-tcp/memoria.py', expects: [/MemoryError/, /Tu programa usó demasiada memoria/] },
  ];
  for (const { file, expects } of cases) {
    it(`${file}: código 1 y el motivo en castellano, sin traza de la pila`, async () => {
      const marker = leakMarker();
      const cwd = mkdtempSync(join(tmpdir(), 'taller-sockets-alumno-'));
      const result = await runCli(['verificar', 'servidor-tcp', join(ROOT, file)], {
        cwd,
        env: { TALLER_SOCKETS_HOME: tempHome(), TALLER_SOCKETS_LEAK_MARKER: marker.value },
      });
      assert.equal(result.code, 1, result.stdout + result.stderr);
      for (const pattern of expects) assert.match(result.stdout, pattern);
      assert.match(result.stdout, /0 de 6 pruebas superadas/);
      // No stack of ours (the program's own output, traceback included, is shown as its output).
      assert.doesNotMatch(result.stdout + result.stderr, /\n\s+at |node:internal|\.[jt]s:\d+/);
      assert.equal(result.stderr, '');
      assert.deepEqual(await survivingProcesses(marker.value), []);
    });
  }
});
