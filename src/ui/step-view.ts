import type { Lesson, Step } from '../lessons/model.js';
import type { CheckResult } from '../engine/check-result.js';
import type { StepResult } from '../engine/step-result.js';
import type { PortSubstitution } from '../engine/port-plan.js';
import { DOCUMENT_PORTS } from '../lessons/document-ports.js';
import type { SocketSnapshot } from '../kernel/protocol.js';
import { formatAddress } from '../kernel/protocol.js';
import type { SocketTable } from '../system/proc/socket-table.js';
import { explainException } from '../diagnostics/python-errors.js';
import { printedExceptionName } from '../engine/exception-names.js';
import { rule, symbols, terminalWidth, theme, visibleLength, wrapText } from './theme.js';
import { layoutCode } from './screen.js';
import { highlightPython } from './markdown.js';

const isDocumentPort = (port: number): boolean => DOCUMENT_PORTS.some((documentPort) => documentPort.port === port);

/** Pure rendering of a lesson's parts into text; the same for the interactive screen and transcripts. */

export function lessonHeader(lesson: Lesson, position: number, total: number): string {
  const kind = lesson.extra ? ' (no está en el documento)' : '';
  const left = ` Lección ${position} de ${total} · ${lesson.title}${kind}`;
  const sections = lesson.sections.map((section) => `«${section}»`).join(', ');
  return `${theme.bold(left)}\n ${theme.gray(`Sección del documento: ${sections}`)}\n${rule()}`;
}

export function substitutionNote(substitution: PortSubstitution): string {
  const why = substitution.reason === 'ocupado'
    ? 'está ocupado (otro programa, o una conexión anterior en TIME_WAIT)'
    : 'no se usa porque pediste puertos libres';
  return theme.yellow(wrapText(
    `${symbols.bullet} El puerto ${substitution.port}/${substitution.protocol.toUpperCase()} ${isDocumentPort(substitution.port) ? 'del documento' : 'de la lección'} ${why}. ` +
      `En esta lección usamos el ${substitution.replacement}: ya está cambiado en el código que verás y ejecutarás.`,
  ));
}

export function stepHeader(step: Step, total: number): string {
  const title = ` Paso ${step.number} de ${total} · ${step.title}`;
  const actor = `[${step.actor}]`;
  const gap = Math.max(1, terminalWidth() - visibleLength(title) - actor.length - 1);
  return `${theme.bold(title)}${' '.repeat(gap)}${actorColor(step.actor)(actor)}`;
}

export function actorColor(actor: string): (text: string) => string {
  return actor === 'cliente' ? theme.magenta : theme.cyan;
}

/** A step's code under its actor («servidor ▸ »), coloured where the terminal can; long lines continue with ↩. */
export function codeBlock(step: Step): string {
  const prompt = actorColor(step.actor)(`  ${step.actor} ${symbols.arrow} `);
  return layoutCode(prompt, ' '.repeat(visibleLength(prompt)), highlightPython(step.code));
}

export function outputLine(stream: 'stdout' | 'stderr', text: string): string {
  return stream === 'stderr' ? theme.red(text) : text;
}

/** A step waiting for another actor: the learner goes on and runs that actor's step. */
export function blockedLine(step: Step, others: string[], waitingIn?: string): string {
  const who = others.length ? `Ejecuta el paso de ${others.join(' / ')} para desbloquearlo, o pulsa Ctrl-C para interrumpirlo.` : 'Pulsa Ctrl-C para interrumpirlo.';
  const os = waitingIn ? ` (el sistema operativo lo confirma: ${waitingIn})` : '';
  return theme.yellow(wrapText(`${symbols.blocked} ${step.actor} bloqueado en este paso: espera al otro extremo${os}. ${who}`, 2, 5));
}

/** A step that is slow or stuck on its own: no other actor can end it, so the learner stays on it. */
export function slowLine(step: Step, waitingIn?: string): string {
  const os = waitingIn ? ` (el sistema operativo dice: ${waitingIn})` : '';
  return theme.yellow(wrapText(`${symbols.blocked} ${step.actor} sigue ejecutando el paso ${step.number}${os}: no está bloqueado esperando a otro actor. Espera a que termine, o pulsa Ctrl-C para interrumpirlo.`, 2, 5));
}

export function resultLine(result: StepResult): string {
  if (result.skipped) return theme.yellow(`  ${symbols.skip} ${result.step.actor} ${symbols.arrow} no se ejecuta en este sistema (lee lo que habría pasado)`);
  const time = formatMs(result.ms);
  if (result.status === 'error') return theme.red(`  ${symbols.fail} ${result.problem ?? 'el paso no pudo ejecutarse'}`);
  const error = result.reply?.error;
  const where = error?.line ? theme.gray(` (línea ${error.line} del paso)`) : '';
  if (!result.reply && result.status === 'fail') {
    return `  ${result.step.actor} ${symbols.arrow} ${theme.yellow('interrumpido: su Python se reinició')} ${theme.gray(`(${time})`)}`;
  }
  const head = result.reply?.interrupted
    ? `  ${result.step.actor} ${symbols.arrow} ${theme.yellow('interrumpido con Ctrl-C')}${where}`
    : error
    ? `  ${result.step.actor} ${symbols.arrow} ${theme.red(error.message ? `${printedExceptionName(error)}: ${error.message}` : printedExceptionName(error))}${where}`
    : `  ${result.step.actor} ${symbols.arrow} ${theme.green('terminado')}${result.reply?.value ? ` → ${result.reply.value}` : ''}`;
  const explanation = error && !result.reply?.interrupted ? explainException(error) : undefined;
  return `${head} ${theme.gray(`(${time}${result.blocked ? ', estuvo bloqueado' : ''})`)}${explanation ? `\n    ${theme.yellow(explanation)}` : ''}`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1).replace('.', ',')} s` : `${ms.toFixed(1).replace('.', ',')} ms`;
}

export function checksList(checks: CheckResult[]): string {
  return checks.map((check) => {
    const mark = check.status === 'pass' ? theme.green(symbols.pass) : check.status === 'fail' ? theme.red(symbols.fail) : theme.gray(symbols.skip);
    const detail = check.message && check.status !== 'pass' ? `\n      ${theme.gray(check.message)}` : '';
    return `  ${mark} ${check.name}${detail}`;
  }).join('\n');
}

/** The sockets every actor holds, with the state the OS reports for each one where it can. */
export function socketTable(socketsByActor: Map<string, SocketSnapshot[]>, tcp: SocketTable | undefined): string {
  const rows: string[][] = [];
  for (const [actor, sockets] of socketsByActor) {
    for (const socket of sockets) {
      rows.push([
        actor,
        socket.name,
        describeKind(socket),
        socket.closed ? 'cerrado' : formatAddress(socket.local),
        socket.closed ? '' : formatAddress(socket.remote),
        socket.closed ? '' : osState(socket, tcp),
      ]);
    }
  }
  if (!rows.length) return '';
  const header = ['actor', 'nombre', 'tipo', 'local', 'remoto', 'estado (SO)'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (row: string[]): string => `  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`.trimEnd();
  return [rule('sockets'), theme.gray(format(header)), ...rows.map(format)].join('\n');
}

function describeKind(socket: SocketSnapshot): string {
  const type = socket.type === 'SOCK_STREAM' ? 'TCP' : socket.type === 'SOCK_DGRAM' ? 'UDP' : socket.type;
  const family = socket.family === 'AF_INET' ? 'IPv4' : socket.family === 'AF_INET6' ? 'IPv6' : socket.family === 'AF_UNIX' ? 'Unix' : socket.family;
  return `${type} (${family})`;
}

function osState(socket: SocketSnapshot, tcp: SocketTable | undefined): string {
  if (socket.type !== 'SOCK_STREAM') return socket.local ? 'sin conexión (UDP)' : '';
  if (!tcp) return '';
  if (!tcp.available) return 'no disponible';
  const local = socket.local && 'port' in socket.local ? socket.local.port : undefined;
  const remote = socket.remote && 'port' in socket.remote ? socket.remote.port : 0;
  if (!local) return '—';
  // A connected socket whose peer is gone (reset, or closed) has no remote address any more; it must
  // not be matched with the listener on the same port.
  if (!socket.listening && !socket.remote) return 'sin conexión';
  const entry = tcp.entries.find((candidate) => candidate.localPort === local && candidate.remotePort === remote);
  return entry?.state ?? '—';
}
