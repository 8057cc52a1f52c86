import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { withFixedPort } from '../helpers/fixed-port-lock.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';
import { makeClass, snapshot, startCanary, TEACHER_HOME, type JsonRow, type Planned } from './class-fixtures.js';
import { parseXml, type XmlElement } from './mini-xml.js';
import { parseCsv } from './mini-csv.js';
import { TESTERS } from '../../src/grader/testers/index.js';

/**
 * `calificar` over a generated class of 36 submissions (test/fixtures/class/servidor-tcp): right,
 * wrong, hanging, crashing, flooding, forking and nosy programs; each in its own private network
 * (all on the document's port at once) and, forced, in the weaker fallback (distinct ports).
 */
type Expected = { status: JsonRow['status']; passed?: number; passedAtLeast?: number; includes?: string[] };

const TESTS = TESTERS['servidor-tcp']!.tests().length;
const STACK = /\bat .*\.(ts|js|mjs):\d+|node:internal|\bError: .*\n\s+at /;
const noStack = (text: string): void => assert.doesNotMatch(text, STACK, text);

/** Plan and verdicts (private network): name -> [what to generate, what the report must say]. */
function classPlan(): Array<[Planned, Expected]> {
  const pass: Expected = { status: 'pass', passed: TESTS };
  const rows: Array<[Planned, Expected]> = [];
  const names = ['ana.py', 'beto.py', 'José Pérez.py', 'coma, apellido.py', 'comillas "dobles".py', 'ñandú.py', 'z-ultima.py', 'con espacios .py', 'x1.py', 'x2.py'];
  for (const name of names) rows.push([{ name, template: 'bien.py' }, pass]);
  // 65432 written in: the first tests pass at the same time (each has its own loopback); the one that moves PUERTO fails.
  for (let i = 1; i <= 4; i++) {
    rows.push([{ name: `doc-${i}.py`, template: 'puerto-del-documento.py' }, { status: 'fail', passed: 4, includes: ['no leyó la variable PUERTO'] }]);
  }
  rows.push(
    [{ name: 'eva', files: { 'servidor-tcp.py': 'bien.py', 'notas.txt': 'text:hola' } }, pass],
    [{ name: 'fede', files: { 'servidor-tcp.py': 'bien.py', 'utilidades.py': 'text:X = 1\n' } }, pass],
    [{ name: 'ines', files: { 'entrega/servidor.py': 'bien.py' } }, pass],
    [{ name: 'gina', files: { 'a.py': 'bien.py', 'b.py': 'bien.py' } }, { status: 'error', passed: 0, includes: ['2 archivos .py', 'servidor-tcp.py'] }],
    [{ name: 'hugo', files: { 'LEEME.txt': 'text:nada' } }, { status: 'error', passed: 0, includes: ['ningún archivo .py'] }],
    [{ name: 'latin1.py', bytes: Buffer.from('# se\xf1al\nprint(1)\n', 'latin1') }, { status: 'error', passed: 0, includes: ['UTF-8'] }],
    [{ name: 'str-1.py', template: 'str-en-vez-de-bytes.py' }, { status: 'fail', passed: 1, includes: ['TypeError', 'bytes'] }],
    [{ name: 'str-2.py', template: 'str-en-vez-de-bytes.py' }, { status: 'fail', passed: 1, includes: ['TypeError'] }],
    [{ name: 'puerto-equivocado.py', template: 'puerto-equivocado.py' }, { status: 'fail', passed: 0, includes: ['debía hacerlo en 127.0.0.1:65432'] }],
    [{ name: 'se-duerme.py', template: 'se-duerme.py' }, { status: 'fail', passed: 0, includes: ['no acepta conexiones'] }],
    [{ name: 'bucle-infinito.py', template: 'bucle-infinito.py' }, { status: 'fail', passed: 0, includes: ['Superó el límite de'] }],
    [{ name: 'inunda.py', template: 'inunda.py' }, { status: 'fail', passed: 0, includes: ['8 MB'] }],
    [{ name: 'sintaxis.py', template: 'sintaxis.py' }, { status: 'error', passed: 0, includes: ['SyntaxError'] }],
    [{ name: 'revienta.py', template: 'revienta.py' }, { status: 'fail', passed: 0, includes: ['RuntimeError', 'me rindo'] }],
    [{ name: 'segfault.py', template: 'segfault.py' }, { status: 'fail', passed: 0, includes: ['SIGSEGV'] }],
    [{ name: 'memoria.py', template: 'memoria.py' }, { status: 'fail', passed: 0, includes: ['MemoryError'] }],
    [{ name: 'lee-teclado.py', template: 'lee-teclado.py' }, { status: 'fail', passed: 0, includes: ['EOFError'] }],
    [{ name: 'sale-sin-responder.py', template: 'sale-sin-responder.py' }, { status: 'fail' }],
    [{ name: 'muchos-procesos.py', template: 'muchos-procesos.py' }, { status: 'fail', passed: 0 }],
    [{ name: 'demonio.py', template: 'demonio.py' }, pass],
    [{ name: 'mira-entorno.py', template: 'mira-entorno.py' }, pass],
    [{ name: 'canario.py', template: 'canario.py' }, pass],
  );
  return rows;
}

function assertVerdicts(rows: JsonRow[], expected: Map<string, Expected>): void {
  assert.deepEqual(rows.map((row) => row.name), [...expected.keys()].sort(), 'one row per submission, by name');
  for (const row of rows) {
    const want = expected.get(row.name)!;
    const where = `${row.name}: ${JSON.stringify(row)}`;
    assert.equal(row.status, want.status, where);
    assert.equal(row.total, TESTS, where);
    if (want.passed !== undefined) assert.equal(row.passed, want.passed, where);
    if (want.passedAtLeast !== undefined) assert.ok(row.passed >= want.passedAtLeast, where);
    assert.equal(typeof row.seconds, 'number', where);
    assert.ok(row.seconds >= 0, where);
    if (row.status === 'pass') assert.equal(row.message, '', where);
    else assert.ok(row.message.length > 0, where);
    for (const text of want.includes ?? []) assert.ok(row.message.includes(text), `${where}\nmissing «${text}»`);
    noStack(row.message);
  }
}

describe('calificar una clase', { concurrency: false }, () => {
  let canary: Awaited<ReturnType<typeof startCanary>>;
  before(async () => {
    canary = await startCanary();
  });
  after(async () => {
    await canary.close();
  });

  it('36 entregas en paralelo, cada una en su red privada: veredictos, nada queda vivo ni escrito', { timeout: 240_000 }, async () => {
    const plan = classPlan();
    assert.ok(plan.length >= 30);
    const klass = makeClass(plan.map(([planned]) => planned), { PUERTO_CANARIO: String(canary.port), HOME_DOCENTE: TEACHER_HOME });
    const temp = mkdtempSync(join(tmpdir(), 'taller-sockets-tmp-'));
    const marker = leakMarker();
    try {
      const before = snapshot(klass.dir);
      const run = await runCli(['calificar', klass.dir, '--ejercicio', 'servidor-tcp', '--formato', 'json', '--tiempo-maximo', '10'], {
        env: { TALLER_SOCKETS_LEAK_MARKER: marker.value, DATO_DEL_DOCENTE: 'secreto', TMPDIR: temp },
        timeoutMs: 200_000,
      });
      assert.equal(run.code, 0, run.stderr);
      const rows = (JSON.parse(run.stdout) as { submissions: JsonRow[] }).submissions;
      assert.deepEqual(rows.map((row) => Object.keys(row)), rows.map(() => ['name', 'status', 'grade', 'points', 'maxPoints', 'passed', 'total', 'message', 'seconds']));
      assertVerdicts(rows, new Map(plan.map(([planned, expected]) => [planned.name, expected])));
      // The four programs with 65432 written in them passed at the same time: each had its own loopback.
      assert.match(run.stderr, /cada entrega en su propia red privada/);
      assert.equal(canary.connections(), 0, 'no submission reached the machine’s loopback');
      // Progress without a TTY: one plain line per submission, no stack traces.
      const lines = run.stderr.split('\n').filter((line) => new RegExp(`^\\[\\d+/${plan.length}\\] `).test(line));
      assert.equal(lines.length, plan.length, run.stderr);
      assert.ok(lines.some((line) => line.startsWith(`[${plan.length}/${plan.length}] `)));
      noStack(run.stderr);
      // Nothing left: no process of any submission, no file written into the class folder, no temporary folder.
      assert.deepEqual(await survivingProcesses(marker.value), [], 'processes of the submissions still alive');
      assert.deepEqual(snapshot(klass.dir), before, 'the class folder is unchanged (each program ran in a copy)');
      assert.deepEqual(readdirSync(temp), [], 'temporary folders removed');
    } finally {
      klass.remove();
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it('sin red privada (--aislamiento puertos): puertos distintos, lo dice, y tampoco deja nada vivo; informe JUnit', { timeout: 120_000 }, async () => {
    // Without a private network the test of «no HOST nor PUERTO» runs only when the document's port is free on this machine.
    const pass: Expected = { status: 'pass', passedAtLeast: TESTS - 1 };
    const plan: Array<[Planned, Expected]> = [
      [{ name: 'ana.py', template: 'bien.py' }, pass],
      [{ name: 'canario.py', template: 'canario.py' }, pass],
      [{ name: 'demonio.py', template: 'demonio.py' }, pass],
      [{ name: 'muchos-procesos.py', template: 'muchos-procesos.py' }, { status: 'fail', passed: 0 }],
      [{ name: 'mira-entorno.py', template: 'mira-entorno.py' }, pass],
      [{ name: 'str.py', template: 'str-en-vez-de-bytes.py' }, { status: 'fail', passed: 1, includes: ['TypeError'] }],
      [{ name: 'sintaxis.py', template: 'sintaxis.py' }, { status: 'error', passed: 0, includes: ['SyntaxError'] }],
    ];
    const klass = makeClass(plan.map(([planned]) => planned), { PUERTO_CANARIO: String(canary.port), HOME_DOCENTE: TEACHER_HOME });
    const marker = leakMarker();
    const connectionsBefore = canary.connections();
    try {
      const out = join(klass.dir, '..', `${klass.dir.split('/').pop()}-informe.xml`);
      const run = await runCli(
        ['calificar', klass.dir, '--ejercicio', 'servidor-tcp', '--aislamiento', 'puertos', '--formato', 'junit', '--salida', out, '--paralelo', '3', '--tiempo-maximo', '20'],
        { env: { TALLER_SOCKETS_LEAK_MARKER: marker.value, DATO_DEL_DOCENTE: 'secreto' }, timeoutMs: 100_000 },
      );
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '', 'the report went to the file');
      assert.match(run.stderr, /más débil/);
      assert.match(run.stderr, /Informe \(junit\) escrito en/);
      assert.ok(canary.connections() > connectionsBefore, 'without a private network a submission can reach the machine');
      assert.deepEqual(await survivingProcesses(marker.value), [], 'escaped processes swept by their mark');
      const xml = readFileSync(out, 'utf8');
      rmSync(out);
      const rows = junitRows(parseXml(xml));
      assertVerdicts(rows, new Map(plan.map(([planned, expected]) => [planned.name, expected])));
      // Programs with the document's port written in, one at a time: side by side with others on the
      // machine's loopback they would take the port that another's «no HOST nor PUERTO» test needs
      // (the guide says so: --paralelo 1, or a private network).
      const fixed = makeClass([{ name: 'doc-1.py', template: 'puerto-del-documento.py' }, { name: 'doc-2.py', template: 'puerto-del-documento.py' }], {});
      try {
        // Without a private network they bind the machine's 65432: take the port lock like every such test.
        const alone = await withFixedPort(65432, () =>
          runCli(['calificar', fixed.dir, '--ejercicio', 'servidor-tcp', '--aislamiento', 'puertos', '--formato', 'json', '--paralelo', '1', '--tiempo-maximo', '20'], { timeoutMs: 100_000 }),
        );
        assert.equal(alone.code, 0, alone.stderr);
        const fail: Expected = { status: 'fail', passed: 0, includes: ['65432', 'PUERTO'] };
        assertVerdicts((JSON.parse(alone.stdout) as { submissions: JsonRow[] }).submissions, new Map([['doc-1.py', fail], ['doc-2.py', fail]]));
      } finally {
        fixed.remove();
      }
    } finally {
      klass.remove();
    }
  });

  it('CSV para una hoja de cálculo: BOM, CRLF, comillas y fórmulas neutralizadas', { timeout: 120_000 }, async () => {
    const klass = makeClass(
      [
        { name: 'coma, "comillas".py', template: 'bien.py' },
        { name: '=HIPERVINCULO(1).py', template: 'bien.py' },
        { name: 'str.py', template: 'str-en-vez-de-bytes.py' },
      ],
      {},
    );
    try {
      const out = join(klass.dir, '..', `${klass.dir.split('/').pop()}-notas.csv`);
      const run = await runCli(['calificar', klass.dir, '--ejercicio', '1', '--formato', 'csv', '--salida', out], { timeoutMs: 100_000 });
      assert.equal(run.code, 0, run.stderr);
      const bytes = readFileSync(out);
      rmSync(out);
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for spreadsheets');
      const table = parseCsv(bytes.subarray(3).toString('utf8'));
      assert.deepEqual(table[0], ['entrega', 'alumno', 'id', 'nota', 'puntos', 'puntos_total', 'resultado', 'pruebas_superadas', 'pruebas_total', 'prueba_fallida', 'mensaje', 'segundos']);
      const byName = new Map(table.slice(1).map((row) => [row[0], row]));
      assert.equal(table.length, 4);
      const all = String(TESTS);
      assert.deepEqual(byName.get('coma, "comillas".py')?.slice(3, 9), ['10', all, all, 'aprueba', all, all]);
      assert.deepEqual(byName.get("'=HIPERVINCULO(1).py")?.slice(6, 9), ['aprueba', all, all], 'a cell starting with = is not a formula');
      const str = byName.get('str.py')!;
      assert.deepEqual(str.slice(3, 9), [String(Math.round(1000 / TESTS) / 100), '1', all, 'falla', '1', all], 'equal shares: 1 test passed of TESTS');
      assert.match(str[9]!, /responde/);
      assert.match(str[10]!, /TypeError[\s\S]*\n/, 'the whole message, line breaks kept inside quotes');
      assert.match(str[11]!, /^\d+\.\d\d$/);
    } finally {
      klass.remove();
    }
  });

  it('errores de uso: en español, código 2, sin trazas', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'taller-sockets-vacia-'));
    try {
      const cases: Array<[string[], RegExp]> = [
        [['calificar', join(empty, 'no-existe'), '--ejercicio', 'servidor-tcp'], /No existe la carpeta de entregas/],
        [['calificar', empty, '--ejercicio', 'servidor-tcp'], /No hay entregas en/],
        [['calificar', empty, '--ejercicio', 'servidor-tcp', '--nota-maxima', 'diez'], /--nota-maxima debe ser/],
        [['calificar', empty, '--ejercicio', 'servidor-tcpp'], /No hay ningún ejercicio «servidor-tcpp»\. ¿Quisiste decir «servidor-tcp»/],
        [['calificar', empty, '--ejercicio', 'servidor-tcp', '--formato', 'pdf'], /--formato debe ser tabla, csv, json o junit/],
        [['calificar', empty, '--ejercicio', 'servidor-tcp', '--paralelo', '0'], /--paralelo debe ser/],
        [['calificar', empty, '--ejercicio', 'servidor-tcp', '--aislamiento', 'total'], /--aislamiento debe ser auto, red-privada o puertos/],
        [['calificar', empty], /ejercicio/],
      ];
      for (const [args, message] of cases) {
        const run = await runCli(args);
        assert.equal(run.code, 2, `${args.join(' ')}\n${run.stderr}`);
        assert.match(run.stderr, message);
        noStack(run.stderr);
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

/** The JUnit report, read back as the JSON rows: also checks its structure and counts. */
function junitRows(root: XmlElement): JsonRow[] {
  assert.equal(root.name, 'testsuites');
  const all = root.children.flatMap((suite) => suite.children.filter((child) => child.name === 'testcase'));
  assert.equal(Number(root.attributes.tests), all.length);
  const countOf = (cases: XmlElement[], tag: string): number => cases.filter((c) => c.children.some((child) => child.name === tag)).length;
  assert.equal(Number(root.attributes.failures), countOf(all, 'failure'));
  assert.equal(Number(root.attributes.errors), countOf(all, 'error'));
  assert.equal(Number(root.attributes.skipped), countOf(all, 'skipped'));
  return root.children.map((suite) => {
    assert.equal(suite.name, 'testsuite');
    const cases = suite.children.filter((child) => child.name === 'testcase');
    const properties = suite.children.find((child) => child.name === 'properties');
    const property = (name: string): string | undefined => properties?.children.find((p) => p.attributes.name === name)?.attributes.value;
    assert.equal(property('ejercicio'), 'servidor-tcp');
    assert.match(property('aislamiento') ?? '', /más débil/);
    assert.equal(Number(suite.attributes.tests), cases.length);
    assert.equal(Number(suite.attributes.failures), countOf(cases, 'failure'));
    assert.equal(Number(suite.attributes.errors), countOf(cases, 'error'));
    assert.equal(Number(suite.attributes.skipped), countOf(cases, 'skipped'));
    for (const testcase of cases) {
      assert.equal(testcase.attributes.classname, `servidor-tcp.${suite.attributes.name}`);
      assert.ok(Number.isFinite(Number(testcase.attributes.time)));
    }
    const firstBad = cases.map((c) => c.children.find((child) => child.name === 'failure' || child.name === 'error')).find(Boolean);
    if (firstBad) assert.equal(firstBad.attributes.message, firstBad.text.split('\n')[0]);
    // After the first failure every other test is skipped, not run.
    const firstBadIndex = cases.findIndex((c) => c.children.some((child) => child.name === 'failure' || child.name === 'error'));
    if (firstBadIndex >= 0) assert.ok(cases.slice(firstBadIndex + 1).every((c) => c.children.some((child) => child.name === 'skipped')));
    return {
      name: suite.attributes.name!,
      status: property('resultado') as JsonRow['status'],
      passed: cases.filter((c) => !c.children.some((child) => ['failure', 'error', 'skipped'].includes(child.name))).length,
      total: cases.length,
      message: firstBad?.text ?? '',
      seconds: Number(suite.attributes.time),
    };
  });
}
