import { resolve } from 'node:path';
import { resolvePython } from '../system/python.js';
import { withTimeout } from '../system/with-timeout.js';
import { discardPreparedRun, prepareRun, type PreparedRun } from './prepared-run.js';
import { Harness, TestAborted, TestFailure, TestSkipped } from './harness.js';
import type { PortRequest } from './port-choice.js';
import { settleRunPorts, type RunPorts } from './run-ports.js';
import { passedOrCouldNotRun } from './test-outcome.js';

import type { GradeResult, GraderEvent, TestCase, TestResult, TesterDefinition } from './types.js';

export interface GradeOptions {
  /** A port to use, 'libre' for any free one; by default the document's port when it is free. */
  port?: PortRequest;
  /** Extra environment for the learner's program (tests pass a leak marker); secrets are filtered. */
  env?: NodeJS.ProcessEnv;
  /** Live events (each test as it starts, its steps, its result). */
  onEvent?: (event: GraderEvent) => void;
  /** The Python binary; by default the real interpreter behind `python3`. */
  python?: string;
  /** The caller already holds the document port's reservation (see net/port-reservation.ts). */
  documentPortHeld?: boolean;
  /** The run is inside a private network namespace of its own (verificar, calificar). */
  privateNetwork?: boolean;
  /** A Python file that brings that network's loopback up, run before the program starts (by the run's watcher: no Python start of its own). */
  loopbackUp?: string;
  /** The real interpreter, for the grader's own helper (its watcher), when `python` is a wrapper that limits the program. */
  helperPython?: string;
  /** A run's scaffolding started ahead (see prepareRun): used when it was started as this run needs it, else put away. */
  prepared?: PreparedRun;
}

/** The prepared run when it fits these options; otherwise a new one (and the other is put away). */
function runFor(options: GradeOptions, python: string): PreparedRun {
  const helperPython = options.helperPython ?? python;
  const { prepared } = options;
  if (prepared && prepared.helperPython === helperPython && prepared.loopbackUp === options.loopbackUp) return prepared;
  if (prepared) discardPreparedRun(prepared);
  return prepareRun(helperPython, options.loopbackUp);
}

const SYNTAX_ERRORS = new Set(['SyntaxError', 'IndentationError', 'TabError']);

/**
 * Grades a learner's program against an exercise's tester: tests in order, each bounded by its
 * own time limit, stopping at the first failure (later tests would only repeat it). Whatever
 * happens, the grader's sockets are closed first (never leaving the documented port in
 * TIME_WAIT) and then the program's whole process group is killed. Returns data; never prints.
 */
export async function gradeProgram(tester: TesterDefinition, file: string, options: GradeOptions = {}): Promise<GradeResult> {
  const started = Date.now();
  const emit = options.onEvent ?? (() => undefined);
  const python = options.python ?? (await resolvePython()).executable;
  const path = resolve(file);
  const host = '127.0.0.1';
  const { audit, markPrefix, watcher, firstStart } = runFor(options, python);
  let ports: RunPorts | undefined;
  let harness: Harness | undefined;
  try {
    if (!(await watcher.setupDone)) throw new Error('no pude activar la interfaz de loopback de la red privada');
    ports = await settleRunPorts(tester, host, options);
    const { port, portNote, tcpServer, udpServer } = ports;
    let currentIndex = 0;
    const tests = tester.tests();
    harness = new Harness({
      file: path,
      python,
      transport: tester.transport,
      host,
      port,
      defaultPort: tester.defaultPort,
      portNote,
      allInterfaces: tester.allInterfaces,
      holdsDocumentPort: ports.holdsDocumentPort,
      privateNetwork: options.privateNetwork,
      watcher: { watch: (pgid) => watcher.watch(pgid), markPrefix },
      extraEnv: options.env,
      audit,
      tcpServer,
      udpServer,
      onStep: (step) => emit({ type: 'step', index: currentIndex, name: tests[currentIndex]?.name ?? '', step }),
      // Only where the program runs on the interpreter itself: calificar's wrapper binds the audit
      // log's file into its sandbox when it starts, and each start clears that log (a new file),
      // so a start launched ahead would write where the grader no longer reads (or, its file gone
      // under it while bubblewrap sets up, fail to start at all).
      startsAhead: process.platform !== 'win32' && (options.helperPython === undefined || options.helperPython === python),
      waitingStart: firstStart,
    });
    emit({ type: 'run-started', exercise: tester.exerciseId, file: path, host, port, portNote, tests: tests.map((test) => test.name) });
    const results: TestResult[] = [];
    let stopped = false;
    for (const [index, test] of tests.entries()) {
      currentIndex = index;
      if (stopped) {
        results.push({ name: test.name, status: 'skip', output: '', durationMs: 0 });
        continue;
      }
      emit({ type: 'test-started', index, name: test.name });
      harness.restartsAhead = tests.slice(index + 1).filter((later) => later.restartsProgram).length;
      const result = await runTest(harness, test);
      results.push(result);
      emit({ type: 'test-finished', index, result });
      if (result.status === 'fail' || result.status === 'error') stopped = true;
    }
    const result: GradeResult = {
      exercise: tester.exerciseId,
      file: path,
      status: results.some((r) => r.status === 'error') ? 'error' : results.every(passedOrCouldNotRun) ? 'pass' : 'fail',
      message: summary(results),
      host,
      port,
      portNote,
      tests: results,
      durationMs: Date.now() - started,
    };
    emit({ type: 'run-finished', result });
    return result;
  } finally {
    // No harness (the run failed before it): the first start launched ahead is nobody's but ours.
    if (!harness) firstStart?.learner.kill();
    await harness?.teardown();
    ports?.tcpServer?.close();
    ports?.udpServer?.close();
    ports?.release();
    audit.dispose();
    watcher.finish();
  }
}

async function runTest(h: Harness, test: TestCase): Promise<TestResult> {
  const started = Date.now();
  const mark = h.program?.mark() ?? 0;
  const programAtStart = h.program;
  h.beginTest();
  h.currentStep = '';
  let floodWatch: NodeJS.Timeout | undefined;
  const flooded = new Promise<'flood'>((resolve) => {
    // The program may be (re)started inside the test: look for flooding on whichever runs.
    const look = (): void => {
      if (h.program?.flooded) resolve('flood');
      else floodWatch = setTimeout(look, 50);
    };
    look();
  });
  const body = test.run(h).then(() => 'done' as const, (error: unknown) => error);
  try {
    const outcome = await withTimeout(Promise.race([body, flooded]), test.timeoutMs, () => 'timeout' as const);
    const output = (): string => (h.program && h.program === programAtStart ? h.program.outputSince(mark) : h.programOutput());
    if (outcome === 'done') return { name: test.name, status: 'pass', rule: firstRule(test), output: output(), durationMs: Date.now() - started };
    if (outcome instanceof TestSkipped) return { name: test.name, status: 'skip', message: outcome.reason, rule: firstRule(test), output: output(), durationMs: Date.now() - started };
    if (outcome === 'timeout' || outcome === 'flood') {
      h.abortTest();
      await body; // every wait races the abort: the test body settles at once
      const state = h.programState();
      const lines =
        outcome === 'flood'
          ? state.lines
          : [
              `La prueba superó su límite de ${test.timeoutMs / 1000} s${h.currentStep ? ` en el paso «${h.currentStep}»` : ''}.`,
              ...state.lines,
              ...(await h.situationLines()),
            ];
      return failed(test, h, lines, state.exception, started);
    }
    if (outcome instanceof TestFailure) return failed(test, h, outcome.lines, outcome.exception, started);
    if (outcome instanceof TestAborted) return failed(test, h, h.programState().lines, undefined, started);
    throw outcome;
  } finally {
    clearTimeout(floodWatch);
  }
}

function failed(test: TestCase, h: Harness, lines: string[], exception: TestResult['exception'], started: number): TestResult {
  return {
    name: test.name,
    status: exception && SYNTAX_ERRORS.has(exception.type) ? 'error' : 'fail',
    message: lines.join('\n'),
    rule: firstRule(test),
    hint: test.hint,
    step: h.currentStep || undefined,
    // On failure, everything the program printed since it started: the lead-up matters.
    output: h.programOutput(),
    exception,
    durationMs: Date.now() - started,
  };
}


function summary(results: TestResult[]): string {
  const passed = results.filter((r) => r.status === 'pass').length;
  const couldNotRun = results.filter((r) => r.status === 'skip' && r.message !== undefined).length;
  if (passed === results.length) return `Todas las pruebas superadas (${passed} de ${results.length}).`;
  if (passed + couldNotRun === results.length) {
    return `Pruebas superadas: ${passed} de ${results.length} (${couldNotRun === 1 ? '1 no se pudo hacer aquí' : `${couldNotRun} no se pudieron hacer aquí`}).`;
  }
  const failedTest = results.find((r) => r.status === 'fail' || r.status === 'error');
  const skipped = results.filter((r) => r.status === 'skip' && r.message === undefined).length;
  return (
    `${passed} de ${results.length} pruebas superadas; falla «${failedTest?.name}»` +
    (skipped ? ` y ${skipped === 1 ? 'queda 1 sin ejecutar' : `quedan ${skipped} sin ejecutar`}.` : '.')
  );
}

function firstRule(test: TestCase): string | undefined {
  return Array.isArray(test.rule) ? test.rule[0] : test.rule;
}
