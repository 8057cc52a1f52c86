import { relative } from 'node:path';
import { UserError } from '../errors.js';

export interface FormatProblem {
  file: string;
  line: number;
  field?: string;
  message: string;
}

export function describeProblem(problem: FormatProblem): string {
  const where = `${relative(process.cwd(), problem.file) || problem.file}:${problem.line}`;
  return problem.field ? `${where}: campo «${problem.field}»: ${problem.message}` : `${where}: ${problem.message}`;
}

/** One or more mistakes in a lesson or exercise file, each with file, line and field. */
export class ContentFormatError extends UserError {
  constructor(readonly problems: FormatProblem[]) {
    super(
      `${problems.length === 1 ? 'Hay un error' : `Hay ${problems.length} errores`} en el contenido:\n` +
        problems.map((p) => `  ${describeProblem(p)}`).join('\n'),
      2,
    );
    this.name = 'ContentFormatError';
  }
}
