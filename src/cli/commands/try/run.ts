import { resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { findExercise, loadExercises, type Exercise } from '../../../grader/exercise-content.js';
import { resolvePython } from '../../../system/python.js';
import { findFreePort } from '../../../net/free-port.js';
import { killGroup, spawnGroup } from '../../../system/process-group.js';
import { readSocketTable } from '../../../system/proc/socket-table.js';
import { delay } from '../../../system/delay.js';
import { withTimeout } from '../../../system/with-timeout.js';
import { UserError } from '../../../errors.js';
import { print } from '../../../ui/screen.js';
import { theme } from '../../../ui/theme.js';
import { EXIT } from '../../exit-codes.js';
import { checkProgramFile } from '../../course/program-file.js';
import { currentExerciseId } from '../../course/current-exercise.js';
import { cliCommand } from '../../invocation.js';
import { courseContent } from '../../config.js';

export interface TryArgs {
  id?: string;
  archivo?: string;
}

const START_LIMIT_MS = 10_000;
const RUN_LIMIT_MS = 10_000;

/**
 * `probar`: the learner's program and the reference program of the other side, on a free port
 * (never the document's, so no TIME_WAIT is left there), both outputs shown as they come. By hand,
 * what `verificar` does with its tests: to see the conversation before being graded.
 */
export async function tryProgram(args: TryArgs): Promise<number> {
  const exercises = await loadExercises(courseContent());
  const exercise = findExercise(exercises, args.id ?? (await currentExerciseId('probar')));
  const file = resolve(process.cwd(), args.archivo ?? exercise.fileName);
  checkProgramFile(exercise, file);
  const peer = referencePeer(exercise, exercises);
  const python = (await resolvePython()).executable;
  const port = await findFreePort('127.0.0.1', exercise.tester.transport);
  const env = { ...process.env, HOST: '127.0.0.1', PUERTO: String(port), PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' };
  const learnerIsServer = exercise.tester.role === 'server';
  const mine = learnerIsServer ? 'tu servidor' : 'tu cliente';
  const theirs = learnerIsServer ? 'cliente de referencia' : 'servidor de referencia';
  const width = Math.max(mine.length, theirs.length);
  print(`${theme.bold(`Probando ${exercise.id}`)}: ${learnerIsServer ? 'tu programa escucha' : 'el de referencia escucha'} en 127.0.0.1, PUERTO=${port} ` +
    `(un puerto libre, no el del documento). Tu programa debe leerlo: «PORT = int(os.environ.get('PUERTO', '${exercise.tester.defaultPort}'))».\n\n`);
  const start = (label: string, path: string): Running => run(label.padEnd(width), python, path, env);
  const server = learnerIsServer ? start(mine, file) : start(theirs, peer);
  const children: Running[] = [server];
  try {
    const listening = await Promise.race([waitForPort(port, exercise.tester.transport), server.exit.then(() => false)]);
    if (!listening) {
      print(theme.red(`\n${learnerIsServer ? 'Tu servidor' : 'El servidor de referencia'} no llegó a escuchar en el puerto ${port} en ${START_LIMIT_MS / 1000} s. ` +
        `${learnerIsServer ? '¿Lee tu programa el puerto de PUERTO, o escucha en otro?' : ''}\n`));
      return EXIT.failed;
    }
    const client = learnerIsServer ? start(theirs, peer) : start(mine, file);
    children.push(client);
    const clientCode = await withTimeout(client.exit, RUN_LIMIT_MS);
    const serverCode = await withTimeout(server.exit, 1500);
    const code = (label: string, exit: number | null | undefined): string =>
      exit === undefined ? `${label}: seguía en marcha y lo detuve` : `${label}: terminó con código ${exit}`;
    print(`\n${theme.gray(`${code(learnerIsServer ? 'cliente de referencia' : 'tu cliente', clientCode)} · ${code(learnerIsServer ? 'tu servidor' : 'servidor de referencia', serverCode)}`)}\n`);
    print(`${theme.gray('Para que el taller lo pruebe a fondo:')}\n    ${cliCommand()} verificar ${exercise.id}\n`);
    const mineCode = learnerIsServer ? serverCode : clientCode;
    return mineCode === 0 ? EXIT.ok : EXIT.failed;
  } finally {
    for (const child of children) killGroup(child.process);
  }
}

interface Running {
  process: ChildProcess;
  exit: Promise<number | null>;
}

function run(label: string, python: string, path: string, env: NodeJS.ProcessEnv): Running {
  const child = spawnGroup(python, ['-u', path], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const prefix = `${label} │ `;
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (text: string) => {
      const lines = (partial + text).split('\n');
      partial = lines.pop()!;
      for (const line of lines) print(`${stream === child.stderr ? theme.red(prefix + line) : prefix + line}\n`);
    });
    stream.on('end', () => { if (partial) print(`${prefix}${partial}\n`); });
  }
  const exit = new Promise<number | null>((done) => {
    child.once('exit', (code) => done(code));
    child.once('error', () => done(null));
  });
  return { process: child, exit };
}

/**
 * The other side of each exercise that has one in the course: the document's client for the
 * servers (an echo answers it too), the document's server for the clients. Exercises with a
 * protocol of their own (HTTP, uploads, retries) have no generic peer: `verificar` tests them.
 */
const PEERS: Record<string, string> = {
  'servidor-tcp': 'cliente-tcp', 'eco-tcp': 'cliente-tcp', 'eco-concurrente': 'cliente-tcp',
  'cliente-tcp': 'servidor-tcp', 'servidor-udp': 'cliente-udp', 'cliente-udp': 'servidor-udp',
};

function referencePeer(exercise: Exercise, exercises: Exercise[]): string {
  const peer = exercises.find((candidate) => candidate.id === PEERS[exercise.id]);
  if (!peer) {
    throw new UserError(`«${exercise.id}» no tiene un programa de referencia del otro lado con el que probarlo a mano; ` +
      `pruébalo con: ${cliCommand()} verificar ${exercise.id}`);
  }
  return peer.solutionFile;
}

/** Waits (bounded) until something is bound to the port on loopback, as the OS lists it (Linux); elsewhere, a moment. */
async function waitForPort(port: number, transport: 'tcp' | 'udp'): Promise<boolean> {
  const deadline = Date.now() + START_LIMIT_MS;
  while (Date.now() < deadline) {
    const table = await readSocketTable(transport);
    if (!table.available) {
      await delay(1000);
      return true;
    }
    // TCP must be listening, UDP just bound.
    if (table.entries.some((entry) => entry.localPort === port && (transport === 'udp' || entry.state === 'LISTEN'))) return true;
    await delay(50);
  }
  return false;
}

