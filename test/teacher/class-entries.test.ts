import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_CLI, ROOT, runCli, tempHome } from '../helpers/cli.js';
import { leakMarker, survivingProcesses } from '../helpers/leaks.js';
import { makeClass, render } from './class-fixtures.js';
import { parseCsv } from './mini-csv.js';
import { writeZip } from './mini-zip.js';
import { readZip } from '../../src/teacher/zip-reader.js';
import { displayName } from '../../src/teacher/entry-name.js';
import { gradeOn, pointsTable } from '../../src/teacher/points.js';
import { TESTERS } from '../../src/grader/testers/index.js';

const TESTS = TESTERS['servidor-tcp']!.tests().length;
/** A grade as the reports round it. */
const share = (passed: number, scale: number): number => Math.round((passed / TESTS) * scale * 100) / 100;

/** Issue 14 item 5 and issue 19: nothing in the class folder is dropped, a cut run keeps its results, the platforms' layouts. */
interface Row {
  name: string;
  student?: string;
  id?: string;
  status: string;
  grade: number;
  message: string;
}
type Report = { complete: boolean; note?: string; scale: number; submissions: Row[] };

const json = async (folder: string, extra: string[] = []): Promise<{ report: Report; stderr: string }> => {
  const run = await runCli(['calificar', folder, '--ejercicio', 'servidor-tcp', '--formato', 'json', '--tiempo-maximo', '20', ...extra], { timeoutMs: 120_000 });
  assert.equal(run.code, 0, run.stderr);
  return { report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
};

describe('calificar: cada elemento de la carpeta, interrupciones y formatos de las plataformas', { concurrency: false }, () => {
  it('nombres que no son UTF-8, enlaces simbólicos, otros archivos: cada uno en el informe con su motivo', { timeout: 120_000 }, async () => {
    const klass = makeClass([{ name: 'ana.py', template: 'bien.py' }], {});
    const raw = Buffer.concat([Buffer.from(`${klass.dir}/`), Buffer.from([0x6d, 0x61, 0x6c, 0xff, 0x2e, 0x70, 0x79])]); // "mal\xff.py"
    writeFileSync(raw, render('bien.py', {}));
    symlinkSync('/etc/passwd', join(klass.dir, 'passwd.py'));
    symlinkSync(join(klass.dir, 'ana.py'), join(klass.dir, 'copia-de-ana.py'));
    writeFileSync(join(klass.dir, 'notas.txt'), 'hola');
    writeFileSync(join(klass.dir, '.DS_Store'), 'x');
    mkdirSync(join(klass.dir, 'vacia'));
    symlinkSync('/etc/passwd', join(klass.dir, 'vacia', 'servidor-tcp.py'));
    try {
      const { report } = await json(klass.dir);
      const rows = new Map(report.submissions.map((row) => [row.name, row]));
      assert.deepEqual([...rows.keys()].sort(), ['.DS_Store', 'ana.py', 'copia-de-ana.py', 'mal\\xff.py', 'notas.txt', 'passwd.py', 'vacia'].sort());
      assert.equal(rows.get('ana.py')?.status, 'pass');
      assert.match(rows.get('mal\\xff.py')!.message, /no es UTF-8 válido/);
      assert.match(rows.get('passwd.py')!.message, /enlace simbólico a \/etc\/passwd: no lo sigo/);
      assert.match(rows.get('copia-de-ana.py')!.message, /enlace simbólico/);
      assert.match(rows.get('notas.txt')!.message, /no es un programa \.py/);
      assert.match(rows.get('.DS_Store')!.message, /oculto/);
      assert.match(rows.get('vacia')!.message, /ningún archivo \.py \(tiene 1 enlace simbólico, que no sigo\)/);
      for (const name of ['mal\\xff.py', 'passwd.py', 'copia-de-ana.py', 'notas.txt', '.DS_Store', 'vacia']) {
        assert.equal(rows.get(name)?.status, 'error', name);
        assert.equal(rows.get(name)?.grade, 0, name);
      }
      assert.doesNotMatch(JSON.stringify(report), /root:x:0:0/, 'the linked file was never read');
    } finally {
      klass.remove();
    }
  });

  it('los nombres de archivo se muestran con escapes: bytes sueltos y caracteres de control', () => {
    assert.deepEqual(displayName(Buffer.from('José.py')), { text: 'José.py', valid: true });
    assert.deepEqual(displayName(Buffer.from([0x61, 0xc3, 0x28, 0x0a])), { text: 'a\\xc3(\\n', valid: false });
    assert.deepEqual(displayName(Buffer.from([0xed, 0xa0, 0x80])), { text: '\\xed\\xa0\\x80', valid: false }, 'no surrogates');
    assert.deepEqual(displayName(Buffer.from('a\tb')), { text: 'a\\tb', valid: true });
  });

  for (const [signal, code, why] of [['SIGINT', 130, 'Ctrl-C'], ['SIGTERM', 143, 'SIGTERM'], ['SIGKILL', null, '']] as const) {
    it(`interrumpido con ${signal}: el informe parcial lo dice y no queda carpeta temporal ni proceso`, { timeout: 120_000 }, async () => {
      const plan = [
        ...['a', 'b', 'c'].map((name) => ({ name: `${name}.py`, template: 'bien.py' })),
        ...['x', 'y', 'z', 'w'].map((name) => ({ name: `${name}-cuelga.py`, template: 'se-duerme.py' })),
      ];
      const klass = makeClass(plan, {});
      const temp = mkdtempSync(join(tmpdir(), 'taller-sockets-tmp-'));
      const out = join(temp, '..', `${temp.split('/').pop()}.csv`);
      const marker = leakMarker();
      try {
        const env = { ...process.env, TALLER_SOCKETS_HOME: tempHome(), TALLER_SOCKETS_PUERTOS_LIBRES: '1', CI: 'true', NO_COLOR: '1', TMPDIR: temp, TALLER_SOCKETS_LEAK_MARKER: marker.value };
        const child = spawn(process.execPath, [BUILT_CLI, 'calificar', klass.dir, '--ejercicio', 'servidor-tcp', '--formato', 'csv', '--salida', out, '--paralelo', '1', '--tiempo-maximo', '60'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        const ended = new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
        // Once a hanging one is being graded (after the three right ones), interrupt.
        await new Promise<void>((resolve, reject) => {
          const limit = setTimeout(() => reject(new Error(`no progress: ${stderr}`)), 90_000);
          child.stderr.setEncoding('utf8').on('data', (text: string) => {
            stderr += text;
            if (/\[3\/7\]/.test(stderr)) {
              clearTimeout(limit);
              resolve();
            }
          });
        });
        child.kill(signal);
        assert.equal(await ended, code, stderr);
        const rows = parseCsv(readFileSync(out, 'utf8').replace(/^\uFEFF/, ''));
        assert.deepEqual(rows.slice(1, 4).map((row) => [row[0], row[6]]), [['a.py', 'aprueba'], ['b.py', 'aprueba'], ['c.py', 'aprueba']], 'what was graded is kept');
        const note = rows.at(-1)![0]!;
        if (signal === 'SIGKILL') {
          assert.match(note, /INFORME PARCIAL: calificación en curso, 3 de 7/);
          assert.deepEqual(await survivingProcesses(marker.value), [], 'its programs died with it');
          // The next run sweeps the folder the killed one could not remove.
          await runCli(['calificar', join(klass.dir, 'a.py', '..'), '--ejercicio', 'servidor-tcp', '--paralelo', '1', '--tiempo-maximo', '1'], { env: { TMPDIR: temp }, timeoutMs: 100_000 });
        } else {
          assert.match(note, new RegExp(`INFORME PARCIAL: la calificación se interrumpió \\(${why}\\) con 3 de 7`));
          assert.match(stderr, /guardo lo calificado hasta ahora/);
          assert.deepEqual(await survivingProcesses(marker.value), []);
        }
        assert.deepEqual(readdirSync(temp), [], 'no temporary folder left');
      } finally {
        klass.remove();
        rmSync(temp, { recursive: true, force: true });
        rmSync(out, { force: true });
      }
    });
  }

  it('la descarga de Moodle (carpetas y el .zip): nombres con tildes y espacios, id, nota, CSV para el libro de calificaciones', { timeout: 150_000 }, async () => {
    const moodle = {
      'José Pérez Ñúñez_123456_assignsubmission_file_/servidor-tcp.py': render('bien.py', {}),
      'María de los Ángeles García_234567_assignsubmission_file_/mi servidor.py': render('str-en-vez-de-bytes.py', {}),
      'Iñaki Müller_345678_assignsubmission_file_/servidor-tcp.py': render('bien.py', {}),
      'Iñaki Müller_345678_assignsubmission_file_/pruebas.py': 'print(1)\n',
      'Zoë Ruiz_456789_assignsubmission_file_/a.py': render('bien.py', {}),
      'Zoë Ruiz_456789_assignsubmission_file_/b.py': render('bien.py', {}),
    };
    const klass = makeClass([], {});
    for (const [path, text] of Object.entries(moodle)) {
      mkdirSync(join(klass.dir, path, '..'), { recursive: true });
      writeFileSync(join(klass.dir, path), text);
    }
    const zip = join(klass.dir, '..', `${klass.dir.split('/').pop()}.zip`);
    writeFileSync(zip, writeZip(Object.entries(moodle).map(([path, data]) => ({ path, data }))));
    try {
      for (const source of [klass.dir, zip]) {
        const { report } = await json(source, ['--nota-maxima', '5']);
        const rows = new Map(report.submissions.map((row) => [row.student, row]));
        assert.equal(report.scale, 5);
        assert.deepEqual([...rows.keys()].sort(), ['Iñaki Müller', 'José Pérez Ñúñez', 'María de los Ángeles García', 'Zoë Ruiz']);
        assert.deepEqual([rows.get('José Pérez Ñúñez')?.id, rows.get('José Pérez Ñúñez')?.status, rows.get('José Pérez Ñúñez')?.grade], ['123456', 'pass', 5]);
        assert.deepEqual([rows.get('María de los Ángeles García')?.status, rows.get('María de los Ángeles García')?.grade], ['fail', share(1, 5)], 'its only .py, whatever its name; one test passed');
        assert.equal(rows.get('Iñaki Müller')?.status, 'pass', 'of several, the one the exercise names');
        assert.match(rows.get('Zoë Ruiz')!.message, /2 archivos \.py \(a\.py, b\.py\): no sé cuál calificar; llama servidor-tcp\.py/);
      }
      const csv = await runCli(['calificar', zip, '--ejercicio', 'servidor-tcp', '--formato', 'csv', '--columna-id', 'Identificador'], { timeoutMs: 120_000 });
      const table = parseCsv(csv.stdout);
      assert.deepEqual(table[0]!.slice(0, 4), ['entrega', 'alumno', 'Identificador', 'nota']);
      const jose = table.find((row) => row[1] === 'José Pérez Ñúñez')!;
      assert.deepEqual(jose.slice(2, 4), ['123456', '10']);
      const table2 = await runCli(['calificar', zip, '--ejercicio', 'servidor-tcp'], { timeoutMs: 120_000 });
      assert.match(table2.stdout, new RegExp(`^María de los Ángeles García \\(234567\\)\\s+${String(share(1, 10)).replace('.', ',')}\\s+falla`, 'm'), 'the table names the student, whole');
    } finally {
      klass.remove();
      rmSync(zip, { force: true });
    }
  });

  it('gh classroom clone: una carpeta por repositorio, el alumno es su usuario', { timeout: 120_000 }, async () => {
    const klass = makeClass(
      [
        { name: 'servidor-tcp-tarea-ana-gh', files: { 'servidor-tcp.py': 'bien.py', 'README.md': 'text:# tarea' } },
        { name: 'servidor-tcp-tarea-beto99', files: { 'servidor-tcp.py': 'str-en-vez-de-bytes.py' } },
      ],
      {},
    );
    try {
      const { report } = await json(klass.dir);
      assert.deepEqual(report.submissions.map((row) => [row.student, row.status]), [['ana-gh', 'pass'], ['beto99', 'fail']]);
    } finally {
      klass.remove();
    }
  });

  it('zip: rutas que salen de la carpeta, enlaces y archivos dañados', () => {
    const ok = readZip(writeZip([{ path: 'a/b.py', data: 'x = 1\n' }, { path: 'c.py', data: 'y', stored: true }, { path: 'enlace.py', data: '/etc/passwd', link: true }]), 'e.zip');
    assert.deepEqual(ok.map((file) => [file.path, file.data.toString()]), [['a/b.py', 'x = 1\n'], ['c.py', 'y']], 'links are skipped');
    assert.throws(() => readZip(writeZip([{ path: '../fuera.py', data: 'x' }]), 'e.zip'), /e\.zip: .*«\.\.\/fuera\.py» sale de la carpeta/);
    assert.throws(() => readZip(writeZip([{ path: '/etc/x.py', data: 'x' }]), 'e.zip'), /sale de la carpeta/);
    assert.throws(() => readZip(Buffer.from('no es un zip'), 'e.zip'), /no encuentro su índice/);
    const broken = writeZip([{ path: 'a.py', data: 'x'.repeat(1000) }]);
    broken.fill(0xff, 40, 60);
    assert.throws(() => readZip(broken, 'e.zip'), /dañado/);
  });

  it('puntos: los de ejercicio.yaml pesan cada prueba; sin ellos, todas valen lo mismo', { timeout: 120_000 }, async () => {
    const names = ['acepta', 'responde', 'cada mensaje', 'cierra'];
    assert.deepEqual(pointsTable(names, undefined).map((test) => test.points), [1, 1, 1, 1]);
    assert.deepEqual(pointsTable(names, { responde: 3, cierra: 0 }).map((test) => test.points), [1, 3, 1, 0], 'a test not named is worth 1');
    const table = pointsTable(names, { acepta: 1, responde: 2, 'cada mensaje': 3, cierra: 4 });
    assert.deepEqual(gradeOn(10, table, (_name, index) => index < 2), { points: 3, maxPoints: 10, grade: 3 });
    assert.deepEqual(gradeOn(7, table, () => true), { points: 10, maxPoints: 10, grade: 7 });
    assert.equal(gradeOn(10, pointsTable(names.slice(0, 3), undefined), (_name, index) => index === 0).grade, 3.33);
    assert.equal(gradeOn(10, pointsTable(['a'], { a: 0 }), () => true).grade, 0, 'nothing to earn: 0, not NaN');
    // For real: a teacher's copy of servidor-tcp whose first test is worth 7 of 10.
    const content = mkdtempSync(join(tmpdir(), 'taller-sockets-puntos-'));
    const klass = makeClass([{ name: 'str.py', template: 'str-en-vez-de-bytes.py' }], {});
    try {
      const folder = join(content, '01-servidor-con-puntos');
      cpSync(join(ROOT, 'exercises', '01-servidor-tcp'), folder, { recursive: true });
      const tests = TESTERS['servidor-tcp']!.tests().map((test) => test.name);
      const yaml = readFileSync(join(folder, 'ejercicio.yaml'), 'utf8').replace(/^id: servidor-tcp$/m, 'id: servidor-con-puntos');
      writeFileSync(join(folder, 'ejercicio.yaml'), `${yaml}\npuntos:\n${tests.map((name, index) => `  ${JSON.stringify(name)}: ${index === 0 ? 7 : 1}`).join('\n')}\n`);
      const run = await runCli(['calificar', klass.dir, '--ejercicio', 'servidor-con-puntos', '--formato', 'json'], { env: { TALLER_SOCKETS_EJERCICIOS: `+${content}` }, timeoutMs: 100_000 });
      assert.equal(run.code, 0, run.stderr);
      const row = (JSON.parse(run.stdout) as Report).submissions[0]!;
      assert.deepEqual([row.status, row.grade], ['fail', Math.round((7 / (7 + TESTS - 1)) * 1000) / 100], 'passed only the first test, worth 7 points');
    } finally {
      klass.remove();
      rmSync(content, { recursive: true, force: true });
    }
  });
});
