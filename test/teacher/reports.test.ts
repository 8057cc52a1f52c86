import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClassReport } from '../../src/teacher/grade-class.js';
import type { SubmissionOutcome } from '../../src/teacher/run-submission.js';
import { renderReport } from '../../src/teacher/report/formats.js';
import { csvField } from '../../src/teacher/report/csv-report.js';
import { GradeProgress } from '../../src/cli/commands/grade/grade-progress.js';
import { parseXml } from './mini-xml.js';
import { parseCsv } from './mini-csv.js';

/** Rendering alone, over outcomes shaped like the grader's (the CLI tests grade for real). */
const printed = 'recibí «\u0000\u0007\u001b[31mrojo\u001b[0m» y <b>&</b> "comillas" \uD800 fin';
const outcomes: SubmissionOutcome[] = [
  {
    name: 'ana.py',
    status: 'pass',
    passed: 2,
    total: 2,
    points: 2,
    maxPoints: 2,
    grade: 10,
    message: '',
    seconds: 1.234,
    tests: [
      { name: 'acepta', status: 'pass', seconds: 0.5 },
      { name: 'responde', status: 'pass', seconds: 0.7 },
    ],
  },
  {
    name: 'beto <&>.py',
    status: 'fail',
    passed: 1,
    total: 2,
    points: 1,
    maxPoints: 2,
    grade: 5,
    student: 'Beto Núñez de la Peña y Alcántara Villalobos',
    studentId: '123456',
    message: `Esperaba la respuesta.\n${printed}`,
    failedTest: 'responde',
    seconds: 2,
    tests: [
      { name: 'acepta', status: 'pass', seconds: 0.5 },
      { name: 'responde', status: 'fail', message: `Esperaba la respuesta.\n${printed}`, output: printed, seconds: 1 },
    ],
  },
  { name: 'carla', status: 'error', passed: 0, total: 2, message: 'la carpeta no tiene ningún archivo .py', seconds: 0, tests: [] },
];
const report: ClassReport = {
  exercise: 'servidor-tcp',
  folder: '/clase',
  isolation: { kind: 'ports', reason: 'prueba' },
  parallel: 2,
  outcomes,
  scale: 10,
  total: 3,
  seconds: 3.5,
};

describe('informes de calificar', () => {
  it('JUnit: XML bien formado aunque el programa imprima caracteres que XML no admite', () => {
    const root = parseXml(renderReport(report, 'junit', { toFile: true }));
    assert.equal(root.attributes.tests, '5');
    assert.equal(root.attributes.failures, '1');
    assert.equal(root.attributes.errors, '1');
    const beto = root.children[1]!;
    assert.equal(beto.attributes.name, 'beto <&>.py');
    const failure = beto.children[2]!.children.find((child) => child.name === 'failure')!;
    assert.equal(failure.attributes.message, 'Esperaba la respuesta.');
    assert.ok(failure.text.includes('<b>&</b> "comillas"'));
    assert.ok(!failure.text.includes('\u0000'));
    const carla = root.children[2]!;
    assert.equal(carla.children.filter((child) => child.name === 'testcase').length, 1, 'nothing graded: one errored case');
  });

  it('CSV a la pantalla: sin BOM; a un archivo: con BOM', () => {
    const screen = renderReport(report, 'csv', { toFile: false });
    assert.notEqual(screen.charCodeAt(0), 0xfeff);
    assert.equal(renderReport(report, 'csv', { toFile: true }).charCodeAt(0), 0xfeff);
    const rows = parseCsv(screen);
    assert.equal(rows.length, 4);
    assert.deepEqual(rows[0], ['entrega', 'alumno', 'id', 'nota', 'puntos', 'puntos_total', 'resultado', 'pruebas_superadas', 'pruebas_total', 'prueba_fallida', 'mensaje', 'segundos']);
    assert.deepEqual(rows.map((row) => row[6]), ['resultado', 'aprueba', 'falla', 'error']);
    assert.deepEqual(rows.map((row) => row[3]), ['nota', '10', '5', '0']);
    assert.deepEqual(rows[2]!.slice(1, 3), ['Beto Núñez de la Peña y Alcántara Villalobos', '123456']);
    assert.equal(rows[1]![2], 'ana.py', 'without a layout the id is the entry itself');
    assert.equal(rows[2]![10], `Esperaba la respuesta.\n${printed}`);
    const moodle = parseCsv(renderReport(report, 'csv', { toFile: false, idColumn: 'Identificador' }));
    assert.equal(moodle[0]![2], 'Identificador', '--columna-id names the column');
    assert.equal(csvField('-1+1'), "'-1+1");
    assert.equal(csvField('@SUMA'), "'@SUMA");
    assert.equal(csvField(' hueco'), '" hueco"');
  });

  it('JSON: exactamente los campos acordados', () => {
    const body = JSON.parse(renderReport(report, 'json', { toFile: false })) as { complete: boolean; scale: number; submissions: Record<string, unknown>[] };
    assert.equal(body.complete, true);
    assert.equal(body.scale, 10);
    assert.deepEqual(body.submissions[1], {
      name: 'beto <&>.py',
      student: 'Beto Núñez de la Peña y Alcántara Villalobos',
      id: '123456',
      status: 'fail',
      grade: 5,
      points: 1,
      maxPoints: 2,
      passed: 1,
      total: 2,
      message: `Esperaba la respuesta.\n${printed}`,
      seconds: 2,
    });
  });

  it('tabla: una línea por entrega, el motivo y el resumen con el aislamiento', () => {
    const text = renderReport(report, 'tabla', { toFile: false, width: 100 });
    const lines = text.split('\n');
    assert.match(lines[0]!, /^Entrega\s+Nota\/10\s+Resultado\s+Pruebas\s+Tiempo\s+Motivo$/);
    assert.match(lines[1]!, /^ana\.py\s+10\s+aprueba\s+2\/2\s+1,2 s$/);
    assert.match(lines[2]!, /^Beto Núñez de la Peña y Alcántara Villalobos \(123456\)\s+5\s+falla\s+1\/2\s+2,0 s\s+«responde»: Esper/, 'the whole name, never cut');
    assert.match(lines[3]!, /error\s+0\/2\s+0,0 s\s+la carpeta no/);
    // The names are whole; the reason is what gets cut, down to 20 columns.
    const reasonColumn = lines[0]!.indexOf('Motivo');
    assert.ok(lines.slice(1, 4).every((line) => line.length - reasonColumn <= Math.max(20, 100 - reasonColumn)), 'the reason is cut to the width');
    assert.ok(lines[2]!.endsWith('…'));
    assert.match(text, /3 entregas de «servidor-tcp»: 1 aprueba, 1 falla, 1 con error/);
    assert.match(text, /Aislamiento: más débil/);
  });

  it('informe parcial: cada formato dice que lo es y cuántas entregas tiene', () => {
    const partial: ClassReport = { ...report, outcomes: outcomes.slice(0, 2), interrupted: 'Ctrl-C' };
    const note = /INFORME PARCIAL: la calificación se interrumpió \(Ctrl-C\) con 2 de 3 entregas calificadas/;
    assert.match(renderReport(partial, 'tabla', { toFile: false }).split('\n')[0]!, note);
    const body = JSON.parse(renderReport(partial, 'json', { toFile: false })) as { complete: boolean; note: string };
    assert.equal(body.complete, false);
    assert.match(body.note, note);
    const rows = parseCsv(renderReport(partial, 'csv', { toFile: false }));
    assert.match(rows.at(-1)![0]!, note);
    assert.equal(rows.at(-1)![2], '', 'the note row has no identifier: a gradebook import skips it');
    const xml = renderReport(partial, 'junit', { toFile: false });
    assert.match(xml, note);
    assert.equal(parseXml(xml).children.length, 2);
    const running = renderReport({ ...report, outcomes: outcomes.slice(0, 1) }, 'tabla', { toFile: false });
    assert.match(running, /INFORME PARCIAL: calificación en curso, 1 de 3 entregas/);
    assert.doesNotMatch(renderReport(report, 'tabla', { toFile: false }), /PARCIAL/);
  });

  it('progreso: en una terminal, una línea que se reescribe; si no, una línea por entrega', () => {
    const capture = (tty: boolean): string => {
      let text = '';
      const stream = { isTTY: tty, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
      const progress = new GradeProgress(stream);
      progress.onEvent({ type: 'started', total: 2, isolation: report.isolation, parallel: 2 });
      progress.onEvent({ type: 'submission-finished', outcome: outcomes[0]!, done: 1, total: 2, passing: 1 });
      progress.onEvent({ type: 'submission-finished', outcome: outcomes[1]!, done: 2, total: 2, passing: 1 });
      progress.finish();
      return text;
    };
    const tty = capture(true);
    assert.match(tty, /\r\u001b\[2KCalificando: 1\/2 hechas, 1 aprueba\r\u001b\[2KCalificando: 2\/2 hechas, 1 aprueba\n$/);
    const plain = capture(false);
    assert.doesNotMatch(plain, /\r/);
    assert.match(plain, /^\[1\/2\] ana\.py: aprueba \(2\/2, 1,2 s\)$/m);
    assert.match(plain, /^\[2\/2\] Beto Núñez de la Peña y Alcántara Villalobos \(123456\): falla \(1\/2, 2,0 s\): Esperaba la respuesta\.$/m);
  });
});
