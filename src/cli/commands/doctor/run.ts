import { theme, symbols, terminalWidth, visibleLength } from '../../../ui/theme.js';
import { EXIT } from '../../exit-codes.js';
import { killAllGroups } from '../../../system/process-group.js';
import { guarded, type CheckResult, type CheckStatus } from './doctor-check.js';
import { checkPython } from './python-check.js';
import { checkLauncher } from './launcher-check.js';
import { checkLoopbackTcp, checkLoopbackUdp, checkLoopbackIpv6 } from './loopback-checks.js';
import { checkDocumentPort, DOCUMENT_PORTS } from './port-checks.js';
import { checkTcpStates, checkNetworkNamespaces, checkProgressFolder, checkTerminal } from './system-checks.js';
import { checkLeftovers } from './leftover-check.js';
import { offerToEndLeftovers } from './end-leftovers.js';
import { cliCommand } from '../../invocation.js';
import { isTerminal } from '../../../system/terminal.js';

export interface DoctorArgs {
  json?: boolean;
  'terminar-restos'?: boolean;
}

interface CheckSpec {
  id: string;
  title: string;
  /** Without it the workshop cannot work: its failure makes doctor exit 1. */
  blocking: boolean;
  run: () => Promise<CheckResult>;
}

const CHECKS: CheckSpec[] = [
  { id: 'python', title: 'Python', blocking: true, run: checkPython },
  { id: 'launcher', title: 'Comando taller-sockets', blocking: true, run: checkLauncher },
  { id: 'loopback-tcp', title: 'TCP en 127.0.0.1', blocking: true, run: checkLoopbackTcp },
  { id: 'loopback-udp', title: 'UDP en 127.0.0.1', blocking: true, run: checkLoopbackUdp },
  { id: 'loopback-ipv6', title: 'IPv6 en ::1', blocking: false, run: checkLoopbackIpv6 },
  ...DOCUMENT_PORTS.map(({ port, protocol }) => ({
    id: `port-${port}-${protocol}`,
    title: `Puerto ${port}/${protocol}`,
    blocking: false,
    run: () => checkDocumentPort(protocol, port),
  })),
  { id: 'tcp-states', title: 'Estados TCP', blocking: false, run: checkTcpStates },
  { id: 'netns', title: 'Redes privadas (netns)', blocking: false, run: checkNetworkNamespaces },
  { id: 'progress-folder', title: 'Carpeta de progreso', blocking: true, run: checkProgressFolder },
  { id: 'terminal', title: 'Terminal', blocking: false, run: checkTerminal },
  { id: 'leftovers', title: 'Restos de ejecuciones anteriores', blocking: false, run: checkLeftovers },
];

/** Runs every check (at once: they are independent), in a stable order. */
export async function runChecks(): Promise<Array<CheckResult & { blocking: boolean }>> {
  return Promise.all(
    CHECKS.map(async (spec) => {
      const result = await guarded(spec.id, spec.title, spec.blocking, spec.run);
      // A non-blocking check never fails the run, whatever it found.
      const status: CheckStatus = !spec.blocking && result.status === 'failure' ? 'warning' : result.status;
      return { ...result, status, blocking: spec.blocking };
    }),
  );
}

/** `taller-sockets doctor`: checks the machine and says, in Spanish, how to fix what blocks the workshop. */
export async function runDoctor(args: DoctorArgs): Promise<number> {
  if (args['terminar-restos']) return offerToEndLeftovers({ ask: false, json: args.json });
  const results = await runChecks();
  // A check that timed out may have left a child behind (a stuck interpreter): none outlives doctor.
  killAllGroups();
  const failures = results.filter((result) => result.status === 'failure');
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ ok: failures.length === 0, checks: results }, null, 2)}\n`);
  } else {
    // Wrapped to a terminal's width; unwrapped into a pipe or a file, so each check stays one greppable line.
    process.stdout.write(`${doctorText(results, isTerminal(process.stdout) ? terminalWidth() : Number.POSITIVE_INFINITY).join('\n')}\n`);
    await offerToEndLeftovers({ ask: true });
  }
  return failures.length ? EXIT.failed : EXIT.ok;
}

const MARKS: Record<CheckStatus, () => string> = {
  ok: () => theme.green(symbols.pass),
  warning: () => theme.yellow('!'),
  failure: () => theme.red(symbols.fail),
  unavailable: () => theme.gray(symbols.skip),
};

export function doctorText(results: CheckResult[], width: number): string[] {
  const titleWidth = Math.max(...results.map((result) => result.title.length));
  const lines = [theme.bold('taller-sockets doctor · comprobando tu equipo'), ''];
  for (const result of results) {
    const head = ` ${MARKS[result.status]()} ${result.title.padEnd(titleWidth)}  `;
    lines.push(...wrap(result.message, width, head, ' '.repeat(visibleLength(head))));
    if (result.fix && result.status !== 'ok') {
      const indent = ' '.repeat(visibleLength(head));
      const label = result.status === 'failure' ? theme.red('Cómo arreglarlo: ') : theme.gray('Nota: ');
      lines.push(...wrap(result.fix, width, indent + label, indent));
    }
  }
  lines.push('');
  const failures = results.filter((result) => result.status === 'failure').length;
  const warnings = results.filter((result) => result.status === 'warning').length;
  if (failures) {
    lines.push(theme.red(`${failures === 1 ? 'Hay 1 problema que impide' : `Hay ${failures} problemas que impiden`} usar el taller.`) +
      ` Arréglalo y vuelve a ejecutar «${cliCommand()} doctor».`);
  } else if (warnings) {
    lines.push(theme.green('Todo listo para el taller.') + ` ${warnings === 1 ? 'Hay 1 aviso' : `Hay ${warnings} avisos`}, pero nada lo impide.`);
  } else {
    lines.push(theme.green('Todo listo para el taller.'));
  }
  return lines;
}

/** Word-wraps `text` to `width` columns: the first line after `first`, the rest after `rest`. */
function wrap(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let current = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && visibleLength(current) + 1 + visibleLength(word) > width) {
      lines.push(current);
      current = rest;
      empty = true;
    }
    current += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(current);
  return lines;
}
