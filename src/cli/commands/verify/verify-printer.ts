import { isAbsolute, relative } from 'node:path';
import type { GradeResult, GraderEvent, TestResult } from '../../../grader/types.js';
import { seconds } from '../../../grader/bytes-view.js';
import { link, symbols, theme } from '../../../ui/theme.js';
import { pathToFileURL } from 'node:url';

const OUTPUT_LINES_SHOWN = 20;

/**
 * Turns grader events into the live transcript of `verificar`: on a terminal each test shows
 * while it runs (its current step on the same line); elsewhere, one line per finished test.
 */
export class VerifyPrinter {
  private liveLine = false;

  constructor(
    private readonly live: boolean,
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  readonly onEvent = (event: GraderEvent): void => {
    switch (event.type) {
      case 'run-started': {
        const relativeFile = relative(process.cwd(), event.file);
        // Outside the current folder, the absolute path reads better than ./../../x.py.
        const file = !relativeFile || relativeFile.startsWith('..') ? event.file : relativeFile;
        const shown = link(isAbsolute(file) ? file : `./${file.replace(/^\.\//, '')}`, pathToFileURL(event.file).href);
        this.write(`${theme.bold(`Verificando «${event.exercise}»`)} con ${shown} ${theme.gray(`(HOST=${event.host} PUERTO=${event.port})`)}\n`);
        if (event.portNote) this.write(`${theme.yellow('Nota:')} ${event.portNote}\n`);
        this.write('\n');
        break;
      }
      case 'test-started':
        if (this.live) this.showLive(event.name);
        break;
      case 'step':
        if (this.live) this.showLive(event.name, event.step);
        break;
      case 'test-finished':
        this.clearLive();
        this.write(testBlock(event.result));
        break;
      case 'run-finished':
        this.clearLive();
        for (const skipped of event.result.tests.filter((test) => test.status === 'skip' && test.message === undefined)) this.write(testBlock(skipped));
        break;
    }
  };

  /** The running test on one line, rewritten in place, cut to the terminal's width. */
  private showLive(name: string, step?: string): void {
    const width = Math.max(20, (process.stdout.columns || 80) - 1);
    const plain = `  ${symbols.arrow} ${name}${step ? ` · ${step}` : ''}`;
    const line =
      plain.length > width
        ? theme.gray(`${plain.slice(0, width - 1)}…`)
        : `  ${theme.blue(symbols.arrow)} ${name}${step ? theme.gray(` · ${step}`) : ''}`;
    this.write(`\r\u001b[2K${line}`);
    this.liveLine = true;
  }

  private clearLive(): void {
    if (!this.liveLine) return;
    this.write('\r\u001b[2K');
    this.liveLine = false;
  }
}

function testBlock(result: TestResult): string {
  if (result.status === 'pass') return `  ${theme.green(symbols.pass)} ${result.name} ${theme.gray(seconds(result.durationMs))}\n`;
  if (result.status === 'skip' && result.message !== undefined) return theme.gray(`  ${symbols.skip} ${result.name}: ${result.message}\n`);
  if (result.status === 'skip') return theme.gray(`  ${symbols.skip} ${result.name} (no se ejecuta: falló una prueba anterior)\n`);
  const lines = [`  ${theme.red(symbols.fail)} ${theme.bold(result.name)}`];
  if (result.rule) lines.push(`      ${theme.gray('Regla del enunciado:')} «${result.rule}»`);
  if (result.step) lines.push(`      ${theme.gray('Paso:')} ${result.step}`);
  for (const line of (result.message ?? '').split('\n')) lines.push(`      ${line}`);
  const output = result.output.replace(/\n+$/, '');
  if (output.trim()) {
    const all = output.split('\n');
    const shown = all.slice(-OUTPUT_LINES_SHOWN);
    lines.push(`      ${theme.gray('Salida de tu programa' + (all.length > shown.length ? ` (últimas ${shown.length} líneas):` : ':'))}`);
    for (const line of shown) lines.push(`        ${theme.gray('│')} ${line}`);
  } else {
    lines.push(`      ${theme.gray('Tu programa no imprimió nada.')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function summaryLine(result: GradeResult, exerciseId: string): string {
  const run = result.tests.filter((test) => test.status !== 'skip');
  const passed = run.filter((test) => test.status === 'pass').length;
  const total = result.tests.length;
  if (result.status === 'pass') {
    return `\n${theme.green(`${symbols.pass} ¡Ejercicio superado!`)} ${passed} de ${total} pruebas, ${seconds(result.durationMs)}. ` +
      theme.gray(`Compara con la solución de referencia: taller-sockets solucion ${exerciseId}\n`);
  }
  return `\n${theme.red(`${symbols.fail} ${passed} de ${total} pruebas superadas.`)} Corrige lo que falla y vuelve a verificar. ` +
    theme.gray(`¿Atascado? taller-sockets pista ${exerciseId}\n`);
}

/** exercism's test-runner interface, version 3 (tests in order; skipped ones are not listed). */
export function exercismJson(result: GradeResult): object {
  const failing = result.tests.find((test) => test.status === 'fail' || test.status === 'error');
  return {
    version: 3,
    status: result.status,
    message: result.status === 'error' && failing?.message ? failing.message : result.message,
    tests: result.tests
      .filter((test) => test.status !== 'skip')
      .map((test) => ({
        name: test.name,
        status: test.status,
        message: test.status === 'pass' ? null : [test.step ? `Paso: ${test.step}` : '', test.message ?? ''].filter(Boolean).join('\n'),
        output: test.output || null,
      })),
  };
}
