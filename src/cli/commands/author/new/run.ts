import { resolve, relative } from 'node:path';
import { scaffoldExercise, scaffoldLesson } from '../../../../authoring/scaffold.js';
import { EXIT } from '../../../exit-codes.js';
import { theme } from '../../../../ui/theme.js';

export interface AuthorNewArgs {
  tipo: string;
  id: string;
  en?: string;
  pruebas?: string;
}

export async function authorNewMain(args: AuthorNewArgs): Promise<number> {
  const parent = resolve(process.cwd(), args.en ?? '.');
  const lesson = ['leccion', 'lección', 'lesson'].includes(args.tipo);
  const made = lesson ? scaffoldLesson(parent, args.id) : await scaffoldExercise(parent, args.id, args.pruebas);
  const shown = relative(process.cwd(), made.folder) || made.folder;
  process.stdout.write(`${theme.green('✔')} ${lesson ? 'Lección creada' : 'Ejercicio creado'} en ${shown}/\n`);
  for (const file of made.files) process.stdout.write(`    ${file}\n`);
  process.stdout.write('\nQué te queda por hacer:\n');
  for (const item of made.todo) process.stdout.write(`  • ${item}\n`);
  return EXIT.ok;
}
