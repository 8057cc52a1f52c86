import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { accessSync, constants, copyFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT, runCli, tempHome } from '../helpers/cli.js';
import { render } from '../teacher/class-fixtures.js';
import { TESTERS } from '../../src/grader/testers/index.js';

const TESTS = TESTERS['servidor-tcp']!.tests().length;
const share = (passed: number, scale: number): string => String(Math.round((passed / TESTS) * scale * 100) / 100);

/**
 * Issue 19: the generated VPL activity and GitHub Classroom template, run the way those platforms
 * run them (simulated here: no real Moodle or GitHub): VPL's evaluate-then-execute in an empty
 * folder laid out like its jail; each workflow step's command in a clean copy of the template.
 */
const SOLUTION = join(ROOT, 'exercises', '01-servidor-tcp', 'solucion.py');
/** Several gradings may run at once on this machine: free ports (honoured by the bundle, as by verificar). */
const ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME,
  TALLER_SOCKETS_PUERTOS_LIBRES: '1',
  // The grader's small cache (which Python) goes here, not into the real home.
  TALLER_SOCKETS_HOME: tempHome(),
  ...(process.env.TALLER_SOCKETS_PYTHON ? { TALLER_SOCKETS_PYTHON: process.env.TALLER_SOCKETS_PYTHON } : {}),
};

function run(command: string, args: string[], cwd: string, limitMs = 90_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), limitMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const tempDir = (name: string): string => mkdtempSync(join(tmpdir(), `taller-sockets-${name}-`));

describe('autor aula: Moodle VPL y GitHub Classroom', { concurrency: false }, () => {
  it('VPL: vpl_evaluate.sh deja vpl_execution, que da la nota de un programa bueno, uno erróneo, uno que se cuelga y uno que falta', { timeout: 240_000 }, async () => {
    const activity = tempDir('vpl');
    try {
      const made = await runCli(['autor', 'aula', 'vpl', 'servidor-tcp', '--a', join(activity, 'archivos')]);
      assert.equal(made.code, 0, made.stderr);
      const files = readdirSync(join(activity, 'archivos')).sort();
      assert.deepEqual(files, ['LEEME.md', 'ejercicio-servidor-tcp.json', 'interpreter.py', 'run-watcher.py', 'sitecustomize.py', 'taller-calificador.mjs', 'vpl_evaluate.sh']);
      assert.doesNotMatch(readFileSync(join(activity, 'archivos', 'ejercicio-servidor-tcp.json'), 'utf8'), /sendall/, 'no solution travels');
      assert.match(readFileSync(join(activity, 'archivos', 'LEEME.md'), 'utf8'), /servidor-tcp\.py[\s\S]*Node\.js 20[\s\S]*Python 3\.8[\s\S]*No se ha\s+probado en un Moodle real/);
      const cases: Array<[string, string | undefined, RegExp, string]> = [
        ['bueno', readFileSync(SOLUTION, 'utf8'), /^Grade :=>> 7$/m, 'superada'],
        ['erroneo', render('str-en-vez-de-bytes.py', {}), new RegExp(`^Grade :=>> ${share(1, 7).replace('.', '\\.')}$`, 'm'), 'Los sockets envían bytes'],
        ['colgado', render('se-duerme.py', {}), /^Grade :=>> 0$/m, 'no acepta conexiones'],
        ['falta', undefined, /^Grade :=>> 0$/m, 'No encuentro servidor-tcp.py'],
      ];
      for (const [name, program, grade, says] of cases) {
        // The jail: the student's file and the execution files, in an otherwise empty folder.
        const jail = join(activity, name);
        cpSync(join(activity, 'archivos'), jail, { recursive: true });
        rmSync(join(jail, 'LEEME.md'));
        if (program !== undefined) writeFileSync(join(jail, 'servidor-tcp.py'), program);
        writeFileSync(join(jail, 'vpl_environment.sh'), 'export VPL_GRADEMAX=7\n');
        const evaluated = await run('bash', ['vpl_evaluate.sh'], jail);
        assert.equal(evaluated.code, 0, evaluated.stderr);
        accessSync(join(jail, 'vpl_execution'), constants.X_OK);
        assert.ok(statSync(join(jail, 'vpl_execution')).mode & 0o100, 'executable');
        const executed = await run('./vpl_execution', [], jail);
        assert.equal(executed.code, 0, executed.stderr);
        assert.match(executed.stdout, grade, `${name}:\n${executed.stdout}`);
        assert.ok(executed.stdout.includes(says), `${name}:\n${executed.stdout}`);
        assert.equal(executed.stdout.trimEnd().split('\n').pop()!.startsWith('Grade :=>>'), true, 'the grade is the last line');
        if (program !== undefined) {
          assert.match(executed.stdout, /^Comment :=>>/m);
          // Every block opened is closed, and each has its heading.
          const opened = executed.stdout.match(/^<\|--$/gm)?.length ?? 0;
          assert.equal(opened, TESTS);
          assert.equal(executed.stdout.match(/^--\|>$/gm)?.length, opened);
          assert.equal(executed.stdout.match(/^<\|--\n-/gm)?.length, opened);
        }
      }
    } finally {
      rmSync(activity, { recursive: true, force: true });
    }
  });

  it('GitHub Classroom: classroom.yml con el calificador de comandos; en una copia limpia, el archivo de partida falla y la solución saca todos los puntos', { timeout: 300_000 }, async () => {
    const work = tempDir('classroom');
    try {
      const template = join(work, 'plantilla');
      const made = await runCli(['autor', 'aula', 'github', 'servidor-tcp', '--a', template]);
      assert.equal(made.code, 0, made.stderr);
      const workflow = parseYaml(readFileSync(join(template, '.github', 'workflows', 'classroom.yml'), 'utf8')) as {
        on: string[];
        jobs: Record<string, { steps: Array<{ id?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, string> }> }>;
      };
      assert.ok(workflow.on.includes('push'));
      const steps = Object.values(workflow.jobs)[0]!.steps;
      assert.ok(steps.some((step) => step.uses?.startsWith('actions/setup-node@')));
      assert.ok(steps.some((step) => step.uses?.startsWith('actions/setup-python@')));
      const graders = steps.filter((step) => step.uses === 'classroom-resources/autograding-command-grader@v1');
      assert.equal(graders.length, TESTS, 'one step per test');
      for (const step of graders) {
        for (const key of ['test-name', 'command', 'timeout', 'max-score']) assert.ok(step.with?.[key] !== undefined, `${step.id}: ${key}`);
        assert.doesNotMatch(String(step.with!.command), /npx|npm|curl|wget/, 'nothing is downloaded at grading time');
      }
      const reporter = steps.find((step) => step.uses === 'classroom-resources/autograding-grading-reporter@v1')!;
      assert.equal(reporter.with?.runners, graders.map((step) => step.id).join(','));
      for (const step of graders) assert.equal(reporter.env?.[`${step.id!.toUpperCase()}_RESULTS`], `\${{steps.${step.id}.outputs.result}}`);
      assert.match(readFileSync(join(template, 'README.md'), 'utf8'), /servidor-tcp\.py[\s\S]*git push/);
      const total = graders.reduce((sum, step) => sum + Number(step.with!['max-score']), 0);
      const score = async (clone: string): Promise<number> => {
        let earned = 0;
        for (const step of graders) {
          const result = await run('sh', ['-c', String(step.with!.command)], clone, Number(step.with!.timeout) * 60_000);
          if (result.code === 0) earned += Number(step.with!['max-score']);
          else assert.equal(result.code, 1, `${step.id}: ${result.stderr}`);
        }
        return earned;
      };
      const starter = join(work, 'con-el-inicio');
      cpSync(template, starter, { recursive: true });
      const starterScore = await score(starter);
      assert.ok(starterScore < total, `the starter must fail (got ${starterScore} of ${total})`);
      const solved = join(work, 'con-la-solucion');
      cpSync(template, solved, { recursive: true });
      copyFileSync(SOLUTION, join(solved, 'servidor-tcp.py'));
      assert.equal(await score(solved), total, 'the solution gets every point');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('autor exportar: el calificador solo, mucho más pequeño que la CLI y sin dependencias; errores de uso', { timeout: 120_000 }, async () => {
    const target = tempDir('exportar');
    try {
      const made = await runCli(['autor', 'exportar', 'servidor-tcp', '2', '--a', target]);
      assert.equal(made.code, 0, made.stderr);
      assert.deepEqual(readdirSync(join(target, 'ejercicios')).sort(), ['cliente-tcp.json', 'servidor-tcp.json']);
      const bundle = readFileSync(join(target, 'taller-calificador.mjs'), 'utf8');
      const imports = [...bundle.matchAll(/(?:from|import\()\s*"([^"]+)"/g)].map((match) => match[1]!);
      assert.ok(imports.length > 0);
      assert.deepEqual(imports.filter((name) => !name.startsWith('node:')), [], 'only Node built-ins');
      assert.doesNotMatch(bundle, /marked|enquirer|highlight\.js|cli-highlight/i);
      const cliBytes = readdirSync(join(ROOT, 'dist', 'chunks')).filter((name) => name.endsWith('.js')).reduce((sum, name) => sum + statSync(join(ROOT, 'dist', 'chunks', name)).size, 0);
      assert.ok(bundle.length * 5 < cliBytes, `grader ${bundle.length} B, CLI chunks ${cliBytes} B`);
      writeFileSync(join(target, 'servidor-tcp.py'), readFileSync(SOLUTION));
      const graded = await run(process.execPath, [join(target, 'taller-calificador.mjs'), 'servidor-tcp', 'servidor-tcp.py', '--formato', 'json', '--nota-maxima', '5'], target);
      assert.equal(graded.code, 0, graded.stderr);
      assert.equal((JSON.parse(graded.stdout) as { grade: number }).grade, 5);
      const wrong = await run(process.execPath, [join(target, 'taller-calificador.mjs'), 'eco-tcp', 'x.py'], target);
      assert.equal(wrong.code, 2);
      assert.match(wrong.stderr, /No encuentro el ejercicio «eco-tcp» junto al calificador/);
      for (const [args, message] of [
        [['autor', 'aula', 'moodle', 'servidor-tcp', '--a', join(target, 'x')], /«vpl» o «github»/],
        [['autor', 'aula', 'vpl', 'servidor-tcp', 'eco-tcp', '--a', join(target, 'x')], /un ejercicio/],
        [['autor', 'aula', 'vpl', 'servidor-tcp'], /--a <carpeta>/],
        [['autor', 'aula', 'vpl', 'servidor-tcp', '--a', target], /no está vacía/],
        [['autor', 'exportar', 'no-existe', '--a', join(target, 'x')], /No hay ningún ejercicio «no-existe»/],
      ] as Array<[string[], RegExp]>) {
        const result = await runCli(args);
        assert.equal(result.code, 2, `${args.join(' ')}\n${result.stderr}`);
        assert.match(result.stderr, message);
      }
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });

  it('verificar --formato vpl: la nota al final; --json lleva los puntos', { timeout: 120_000 }, async () => {
    const dir = tempDir('verificar-vpl');
    try {
      writeFileSync(join(dir, 'servidor-tcp.py'), render('str-en-vez-de-bytes.py', {}));
      const vpl = await runCli(['verificar', 'servidor-tcp', '--formato', 'vpl', '--nota-maxima', '4'], { cwd: dir });
      assert.equal(vpl.code, 1);
      assert.match(vpl.stdout, new RegExp(`^Comment :=>>1 de ${TESTS} pruebas superadas`, 'm'));
      assert.match(vpl.stdout, /<\|--\n-responde .*: no superada \(0\/1 puntos\)\n[\s\S]*TypeError[\s\S]*--\|>/);
      assert.match(vpl.stdout, new RegExp(`Grade :=>> ${share(1, 4).replace('.', '\\.')}\\n$`));
      const json = await runCli(['verificar', 'servidor-tcp', '--json'], { cwd: dir });
      const body = JSON.parse(json.stdout) as { version: number; points: number; max_points: number; grade: number; tests: Array<{ points: number }> };
      assert.equal(body.version, 3);
      assert.deepEqual([body.points, body.max_points, body.grade], [1, TESTS, Number(share(1, 10))]);
      assert.ok(body.tests.every((test) => test.points === 1));
      const bad = await runCli(['verificar', 'servidor-tcp', '--formato', 'pdf'], { cwd: dir });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--formato solo admite «vpl»/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('autor validar: unos «puntos» que no encajan con las pruebas son un problema de formato', { timeout: 200_000 }, async () => {
    const dir = tempDir('puntos');
    try {
      const made = await runCli(['autor', 'nuevo', 'ejercicio', 'con-puntos', '--pruebas', 'servidor-tcp', '--en', dir]);
      assert.equal(made.code, 0, made.stderr);
      const folder = join(dir, readdirSync(dir)[0]!);
      writeFileSync(join(folder, 'ejercicio.yaml'), `${readFileSync(join(folder, 'ejercicio.yaml'), 'utf8')}\npuntos:\n  no es una prueba: 2\n`);
      const run = await runCli(['autor', 'validar', dir, '--json'], { timeoutMs: 180_000 });
      const report = JSON.parse(run.stdout) as { findings: Array<{ kind: string; file: string; message: string }> };
      const finding = report.findings.find((item) => /puntos/.test(item.message) && /no hay ninguna prueba «no es una prueba»/.test(item.message));
      assert.ok(finding, JSON.stringify(report.findings));
      assert.equal(finding.kind, 'formato');
      assert.ok(finding.file.endsWith('ejercicio.yaml'));

    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
