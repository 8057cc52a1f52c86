import { existsSync, readdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { findExercise, loadExercises } from '../../../../grader/exercise-content.js';
import { exportGrader } from '../../../../authoring/export.js';
import { writeVplActivity } from '../../../../authoring/classroom/vpl-activity.js';
import { writeGithubTemplate } from '../../../../authoring/classroom/github-template.js';
import { UserError } from '../../../../errors.js';
import { EXIT } from '../../../exit-codes.js';
import { theme } from '../../../../ui/theme.js';
import { courseContent } from '../../../config.js';

export interface AuthorExportArgs {
  ejercicios: string[];
  a: string;
  plataforma?: string;
}

function targetFolder(path: string, allowFiles: boolean): string {
  const target = resolve(process.cwd(), path);
  if (!allowFiles && existsSync(target) && readdirSync(target).length) {
    throw new UserError(`${path} ya existe y no está vacía: elige una carpeta nueva (no sobrescribo nada).`);
  }
  return target;
}

function report(what: string, target: string, files: string[], next: string[]): number {
  const near = relative(process.cwd(), target);
  const shown = !near ? target : near.startsWith('..') ? target : near;
  process.stdout.write(`${theme.green('✔')} ${what} en ${shown}/\n`);
  for (const file of files) process.stdout.write(`    ${file}\n`);
  if (next.length) process.stdout.write(`\n${next.map((line) => `  • ${line}`).join('\n')}\n`);
  return EXIT.ok;
}

export async function authorExportMain(args: AuthorExportArgs): Promise<number> {
  const all = await loadExercises(courseContent());
  const exercises = args.ejercicios.map((id) => findExercise(all, id));
  const target = targetFolder(args.a, true);
  const files = exportGrader(exercises, target);
  const first = exercises[0]!;
  return report('Calificador exportado', target, files, [`Califica un programa: node ${target}/taller-calificador.mjs ${first.id} ${first.fileName} [--formato vpl|json|texto]`]);
}

export async function authorClassroomMain(args: AuthorExportArgs): Promise<number> {
  const all = await loadExercises(courseContent());
  const exercises = args.ejercicios.map((id) => findExercise(all, id));
  const target = targetFolder(args.a, false);
  if (args.plataforma === 'vpl') {
    const files = writeVplActivity(exercises[0]!, target);
    return report('Actividad VPL preparada', target, files, ['Sube estos archivos a «Archivos para la ejecución» de la actividad; LEEME.md dice qué configurar.']);
  }
  const files = writeGithubTemplate(exercises, target);
  return report('Plantilla de GitHub Classroom preparada', target, files, [
    'Súbela a un repositorio de GitHub, márcalo como plantilla (Settings → Template repository) y elígelo al crear la tarea en GitHub Classroom.',
  ]);
}
