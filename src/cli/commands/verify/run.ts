import { resolve } from 'node:path';
import { findExercise, loadExercises, type Exercise } from '../../../grader/exercise-content.js';
import type { PortRequest } from '../../../grader/port-choice.js';
import { resolvePython } from '../../../system/python.js';
import { recordExerciseAttempt } from '../../../progress/store.js';
import { UserError } from '../../../errors.js';
import { EXIT } from '../../exit-codes.js';
import { theme } from '../../../ui/theme.js';
import { exercismJson, summaryLine, VerifyPrinter } from './verify-printer.js';
import { fileContents } from './file-watch.js';
import { gradeInPrivateNetwork, type VerifyWorker } from './private-network-verify.js';
import { cliCommand, runnableCommands } from '../../invocation.js';
import { isInteractive } from '../../interactive.js';
import { WatchScreen } from './watch-screen.js';
import { print } from '../../../ui/screen.js';
import { currentExerciseId } from '../../course/current-exercise.js';
import { checkProgramFile, shownPath } from '../../course/program-file.js';
import { presentExercise } from '../../course/exercise-statement.js';
import { isTerminal } from '../../../system/terminal.js';
import { cliConfig, courseContent } from '../../config.js';

export interface VerifyArgs {
  id?: string;
  archivo?: string;
  json?: boolean;
  vigilar?: boolean;
  /** Hidden: with --vigilar, stop after this many verifications (tests, scripts). */
  'vigilar-veces'?: number;
  /** Hidden: a port number, or "libre" (any free one), instead of the document's port when free. */
  puerto?: string;
  'puertos-libres'?: boolean;
  /** `vpl`: Moodle VPL's evaluation format (verify-vpl.ts). */
  formato?: string;
  'nota-maxima'?: number;
}

/** `worker`: one started already, inside its namespaces, while this module loaded (see command.ts). */
export async function verifyCommandMain(args: VerifyArgs, worker?: VerifyWorker): Promise<number> {
  const exercises = await loadExercises(courseContent());
  // «verificar mi-programa.py»: a file where the id would go, the exercise in progress is meant.
  const fileFirst = args.id !== undefined && args.archivo === undefined && args.id.endsWith('.py') && !exercises.some((exercise) => exercise.id === args.id);
  const exercise = findExercise(exercises, args.id === undefined || fileFirst ? await currentExerciseId('verificar') : args.id);
  const file = resolve(process.cwd(), (fileFirst ? args.id : args.archivo) ?? exercise.fileName);
  const freePorts = args['puertos-libres'] ?? cliConfig().freePorts;
  const port: PortRequest =
    args.puerto !== undefined ? (args.puerto === 'libre' ? 'libre' : Number(args.puerto)) : freePorts ? 'libre' : undefined;
  if (args.formato === 'vpl') return (await import('./verify-vpl.js')).verifyForVpl(exercise, file, args['nota-maxima'] ?? 10, port);
  if (!args.vigilar) return verifyOnce(exercise, file, args.json ?? false, port, args['nota-maxima'], worker);
  return watchAndVerify(exercise, file, args['vigilar-veces'], port);
}

async function grade(exercise: Exercise, file: string, json: boolean, port: PortRequest, countsAsAttempt = true, scale?: number, worker?: VerifyWorker) {
  const python = (await resolvePython()).executable;
  const printer = json ? undefined : new VerifyPrinter(isTerminal(process.stdout), learnerText);
  const options = { onEvent: printer?.onEvent, port, python };
  // A private network of its own where Linux allows it; elsewhere this computer's loopback, the document's port reserved.
  // The grader itself loads here only for that fallback: in a private network it runs in the worker.
  const result =
    (await gradeInPrivateNetwork(exercise.tester, file, python, options, worker)) ??
    (await (await import('../../../grader/run-tester.js')).gradeProgram(exercise.tester, file, options));
  const failedTest = result.tests.find((test) => test.status === 'fail' || test.status === 'error')?.name;
  // Watch mode: only the first run and a pass count; every save is not a new attempt.
  if (countsAsAttempt || result.status === 'pass') recordExerciseAttempt(exercise.id, result.status === 'pass', failedTest);
  if (json) process.stdout.write(`${JSON.stringify((await import('./verify-vpl.js')).withPoints(exercismJson(result), exercise, scale), null, 2)}
`);
  else learnerText(summaryLine(result, exercise.id));
  return result;
}

async function verifyOnce(exercise: Exercise, file: string, json: boolean, port: PortRequest, scale?: number, worker?: VerifyWorker): Promise<number> {
  checkProgramFile(exercise, file);
  const result = await grade(exercise, file, json, port, true, scale, worker);
  return result.status === 'pass' ? EXIT.ok : EXIT.failed;
}

/**
 * Verifies, then again on every save (or `maxRuns` verifications). On a terminal each run starts
 * on a clean screen, and keys act while it waits: «p» a hint, «s» the next exercise after a pass,
 * «q» (or Ctrl-C) leaves. Without a terminal it never waits: it verifies once and says so.
 */
async function watchAndVerify(exercise: Exercise, file: string, maxRuns: number | undefined, port: PortRequest): Promise<number> {
  if (maxRuns === undefined && !isInteractive()) {
    process.stdout.write(theme.gray('Sin terminal interactiva, --vigilar verifica una sola vez (nada espera a que guardes).\n'));
    return verifyOnce(exercise, file, false, port);
  }
  const watch = new WatchScreen(isInteractive());
  let runs = 0;
  let code: number;
  try {
    for (;;) {
      const seen = fileContents(file);
      watch.clear(`Vigilando ${shownPath(file)} · verificación ${runs + 1} · ${new Date().toLocaleTimeString('es')}`);
      let passed = false;
      try {
        checkProgramFile(exercise, file);
        passed = (await grade(exercise, file, false, port, runs === 0)).status === 'pass';
        code = passed ? EXIT.ok : EXIT.failed;
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        process.stderr.write(`${theme.red('Error:')} ${runnableCommands(error.message)}\n`);
        code = error.exitCode;
      }
      runs++;
      if (maxRuns !== undefined && runs >= maxRuns) return code;
      const next = passed ? await nextExercise(exercise) : undefined;
      if (next) print(`\n${theme.green('¡Superado!')} Siguiente ejercicio: ${next.title} («s», o ${cliCommand()} ejercicio ${next.id})\n`);
      let what = await watch.waitForSaveOrKey(file, seen, next !== undefined);
      if (what === 'hint') {
        await (await import('../hint/run.js')).showHint({ id: exercise.id });
        what = await watch.waitForSaveOrKey(file, seen, next !== undefined, true);
      }
      if (what === 'next' && next) {
        watch.clear(`Siguiente ejercicio: ${next.title}`);
        await presentExercise(next, false);
        exercise = next;
        file = resolve(process.cwd(), next.fileName);
        runs = 0;
        what = await watch.waitForSaveOrKey(file, fileContents(file), false);
      }
      if (what === 'quit') return code;
      if (what === 'interrupt') return EXIT.interrupted;
    }
  } finally {
    watch.stop();
  }
}

/** What the grader's printer says, fitted to the terminal and with its commands in the form that runs from here. */
function learnerText(text: string): void {
  print(runnableCommands(text));
}

async function nextExercise(exercise: Exercise): Promise<Exercise | undefined> {
  const exercises = await loadExercises(courseContent());
  return exercises[exercises.findIndex((candidate) => candidate.id === exercise.id) + 1];
}
