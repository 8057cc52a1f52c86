import { spawn } from 'node:child_process';
import type { Exercise } from '../../../grader/exercise-content.js';
import { KeyReader, keyHelp, type KeyChoice } from '../../../ui/keys.js';
import { print } from '../../../ui/screen.js';
import { theme } from '../../../ui/theme.js';
import { reportError } from '../../run-command.js';
import { EXIT } from '../../exit-codes.js';

/**
 * After an exercise's statement, on a terminal: a key does the next thing (verify, watch, try it
 * against the other side, a hint, open the editor) and comes back here, until «q».
 */
export async function offerExerciseActions(exercise: Exercise, file: string): Promise<number> {
  const editor = process.env.VISUAL || process.env.EDITOR;
  const choices: KeyChoice[] = [
    { key: 'v', label: 'verificar' },
    { key: 'w', label: 'vigilar' },
    { key: 't', label: 'probar' },
    { key: 'p', label: 'pista' },
    ...(editor ? [{ key: 'e', label: 'abrir en el editor' }] : []),
    { key: 'q', label: 'salir' },
  ];
  let code: number = EXIT.ok;
  for (;;) {
    const key = await askKey(choices);
    if (key === 'q' || key === 'interrupt') return key === 'interrupt' ? EXIT.interrupted : code;
    try {
      if (key === 'e') code = await openEditor(editor!, file);
      const { verifyCommandMain } = await import('../verify/run.js');
      if (key === 'v') code = await verifyCommandMain({ id: exercise.id, archivo: file });
      if (key === 'w') return await verifyCommandMain({ id: exercise.id, archivo: file, vigilar: true });
      if (key === 't') code = await (await import('../try/run.js')).tryProgram({ id: exercise.id, archivo: file });
      if (key === 'p') code = await (await import('../hint/run.js')).showHint({ id: exercise.id });
    } catch (error) {
      code = reportError(error);
    }
  }
}

async function askKey(choices: KeyChoice[]): Promise<string> {
  print(`\n ${keyHelp(choices)}\n`);
  const keys = new KeyReader();
  try {
    return await new Promise<string>((resolve) => {
      keys.start(() => resolve('interrupt'));
      void keys.choose(choices).then(resolve);
    });
  } finally {
    keys.stop();
  }
}

/** The learner's editor ($VISUAL, else $EDITOR) on the file, with the terminal; back here when it closes. */
function openEditor(editor: string, file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit' });
    child.once('error', () => {
      print(theme.red(`No pude abrir el editor «${editor}».\n`));
      resolve(EXIT.failed);
    });
    child.once('exit', () => resolve(EXIT.ok));
  });
}
