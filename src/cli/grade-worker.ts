// The grading worker's own entry point (verificar's private network, calificar, autor validar):
// the command-line parser and the command table are most of the CLI's start, and a worker needs
// neither, once per program graded. Started as `node grade-worker.js __calificar-envio`: the
// hidden command's name stays in its command line, where the CLI's start would put it.
import { runCommand } from './run-command.js';
import { runGradeWorker } from './commands/grade-worker/run.js';

await runCommand(runGradeWorker);
