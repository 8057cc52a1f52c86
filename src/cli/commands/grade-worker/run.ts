import { loadTester } from '../../../grader/testers/load-tester.js';
import { gradeProgram } from '../../../grader/run-tester.js';
import type { GraderEvent } from '../../../grader/types.js';
import { loopbackUpScript } from '../../../teacher/loopback.js';
import { holdPort } from '../../../teacher/port-holder.js';
import type { WorkerJob, WorkerMessage } from '../../../teacher/worker-protocol.js';
import { discardPreparedRun, type PreparedRun } from '../../../grader/prepared-run.js';
import { takePreparedRun } from './prepare-ahead.js';
import { readJob } from './job-input.js';

/**
 * One grading worker: grades one program and reports on stdout, one JSON line per message. It
 * runs in its own process (inside its own network and PID namespaces where the system allows), so
 * that everything the program does, ports included, stays with it and dies with it. It never
 * prints anything else: a failure is a message, not a stack trace.
 */
export async function runGradeWorker(): Promise<never> {
  const code = await gradeOne();
  // Done: leave at once (stdin, still open, would keep us waiting), once stdout is flushed.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}

let token = '';

function send(message: WorkerMessage): void {
  process.stdout.write(`${token} ${JSON.stringify(message)}\n`);
}

async function gradeOne(): Promise<number> {
  // gradeProgram owns the run prepared ahead (uses it or puts it away); until then, this does.
  let prepared = takePreparedRun();
  try {
    return await gradeJob(() => {
      const handed = prepared;
      prepared = undefined;
      return handed;
    });
  } finally {
    if (prepared) discardPreparedRun(prepared);
  }
}

async function gradeJob(handOverPrepared: () => PreparedRun | undefined): Promise<number> {
  let job: WorkerJob;
  try {
    job = await readJob();
  } catch (error) {
    send({ type: 'failure', message: `no recibí qué calificar (${(error as Error).message})` });
    return 1;
  }
  token = job.token;
  const tester = await loadTester(job.tester);
  if (!tester) {
    send({ type: 'failure', message: `no hay pruebas para el ejercicio «${job.tester}»` });
    return 1;
  }
  let release: (() => Promise<void>) | undefined;
  try {
    if (job.occupy) release = await holdPort(job.occupy.transport, job.occupy.port);
    const onEvent = (event: GraderEvent): void => {
      if (job.events) send({ type: 'event', event });
      if (event.type === 'run-started') send({ type: 'started', tests: event.tests, port: event.port, portNote: event.portNote });
      else if (event.type === 'test-finished') send({ type: 'test-finished', index: event.index, result: event.result });
    };
    // Inside a private network the document's port is free by construction: no reservation to take.
    // Its loopback comes up first, by the run's watcher (see RunWatcher.start).
    const result = await gradeProgram(tester, job.file, {
      port: job.port,
      env: job.env,
      python: job.python,
      helperPython: job.realPython,
      onEvent,
      privateNetwork: job.bringLoopbackUp,
      loopbackUp: job.bringLoopbackUp ? loopbackUpScript() : undefined,
      prepared: handOverPrepared(),
    });
    send({ type: 'result', result });
    return 0;
  } catch (error) {
    send({ type: 'failure', message: firstLine(error) });
    return 1;
  } finally {
    await release?.();
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
