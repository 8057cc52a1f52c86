import { relative, resolve } from 'node:path';
import { contentAt, contentIn } from '../../../../authoring/content-paths.js';
import { validateContent, type ValidateEvent } from '../../../../authoring/validate.js';
import type { Finding } from '../../../../authoring/findings.js';
import { courseContent } from '../../../config.js';
import { EXIT } from '../../../exit-codes.js';
import { theme } from '../../../../ui/theme.js';
import { isTerminal } from '../../../../system/terminal.js';

export interface AuthorValidateArgs {
  ruta?: string;
  paralelo?: number;
  json?: boolean;
  'sin-ejecutar'?: boolean;
}

const KIND_TITLES: Record<Finding['kind'], string> = {
  formato: 'Formato',
  marcador: 'Marcadores sin rellenar',
  leccion: 'Lecciones que no pasan con --auto',
  ejercicio: 'Ejercicios: solución, inicio y programas erróneos',
};

export async function authorValidateMain(args: AuthorValidateArgs): Promise<number> {
  const content = args.ruta ? await contentAt(resolve(process.cwd(), args.ruta)) : await contentIn(courseContent().lessons, courseContent().exercises);
  const tty = isTerminal(process.stderr);
  const marker = process.env.TALLER_SOCKETS_LEAK_MARKER;
  const report = await validateContent({
    content,
    parallel: args.paralelo,
    live: !args['sin-ejecutar'],
    passEnv: marker ? { TALLER_SOCKETS_LEAK_MARKER: marker } : undefined,
    onEvent: (event: ValidateEvent) => {
      if (args.json) return;
      if (event.type === 'started') {
        const live = args['sin-ejecutar'] ? 'sin ejecutar nada (--sin-ejecutar)' : `${event.jobs} comprobaciones en vivo`;
        process.stderr.write(`Valido ${event.lessons} lecciones y ${event.exercises} ejercicios: ${live}.\n`);
      } else if (tty) {
        process.stderr.write(`\r\u001b[2K${event.done}/${event.total} ${event.what}`);
        if (event.done === event.total) process.stderr.write('\n');
      } else {
        process.stderr.write(`[${event.done}/${event.total}] ${event.ok ? 'bien' : 'MAL'}: ${event.what}\n`);
      }
    },
  });
  const place = (finding: Finding): string => {
    const file = relative(process.cwd(), finding.file) || finding.file;
    return finding.line ? `${file}:${finding.line}` : file;
  };
  if (args.json) {
    const findings = report.findings;
    process.stdout.write(`${JSON.stringify({ ok: !findings.length, lessons: report.lessons, exercises: report.exercises, checks: report.checks, findings }, null, 2)}\n`);
    return findings.length ? EXIT.failed : EXIT.ok;
  }
  const seconds = report.seconds.toFixed(1).replace('.', ',');
  if (!report.findings.length) {
    process.stdout.write(
      `${theme.green('✔')} Todo en orden: ${report.lessons} lecciones y ${report.exercises} ejercicios, ${report.checks} comprobaciones en vivo (${seconds} s).\n`,
    );
    return EXIT.ok;
  }
  for (const kind of Object.keys(KIND_TITLES) as Finding['kind'][]) {
    const found = report.findings.filter((finding) => finding.kind === kind);
    if (!found.length) continue;
    process.stdout.write(`\n${theme.bold(KIND_TITLES[kind])}\n`);
    for (const finding of found) process.stdout.write(`  ${theme.red('✘')} ${place(finding)}: ${finding.message}\n`);
  }
  const count = report.findings.length;
  process.stdout.write(`\n${theme.red('✘')} ${count === 1 ? 'Hay 1 problema' : `Hay ${count} problemas`} (${report.lessons} lecciones y ${report.exercises} ejercicios, ${seconds} s).\n`);
  return EXIT.failed;
}
