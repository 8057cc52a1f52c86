// The grading worker's own entry point (verificar's private network, calificar, autor validar):
// the command-line parser and the command table are most of the CLI's start, and a worker needs
// neither, once per program graded. Started as `node grade-worker.js __calificar-envio`: the
// hidden command's name stays in its command line, where the CLI's start would put it.
// Static imports load before any line runs: only what starts ahead is imported so (prepare-ahead),
// the grader after it.
import { prepareAhead } from './commands/grade-worker/prepare-ahead.js';

prepareAhead();
const [{ runCommand }, { runGradeWorker }] = await Promise.all([import('./run-command.js'), import('./commands/grade-worker/run.js')]);
await runCommand(runGradeWorker);
