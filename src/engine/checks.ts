import type { Check } from '../lessons/model.js';
import type { SocketAddress, SocketSnapshot, StepReply } from '../kernel/protocol.js';
import { formatAddress } from '../kernel/protocol.js';
import { probeTcpConnect, probeUdpDatagram } from '../net/probes.js';
import { statesForPort, type SocketTable } from '../system/proc/socket-table.js';
import { explainException } from '../diagnostics/python-errors.js';
import { matchException, printedExceptionName, withPrintedName } from './exception-names.js';
import type { ProbeAnswer, ProbeRequest } from '../net/netns/namespace-host.js';
import { evaluatePacketCheck, type PacketCheckContext } from './packets/packet-checks.js';
import type { CheckResult } from './check-result.js';

export interface CheckContext {
  actor: string;
  reply: StepReply;
  stdout: string;
  stderr: string;
  /** The step got no reply within the blocking threshold. */
  wasBlocked: boolean;
  /** Another actor's step started while this one was blocked. */
  unblockedByOtherActor: boolean;
  /** Last known sockets of every actor (another actor may be blocked right now). */
  socketsOf: (actor: string) => SocketSnapshot[];
  /** Ports of a socket as last seen open (a closed socket no longer reports them). */
  endpointOf: (actor: string, name: string) => { local: number; remote: number } | undefined;
  tcpTable: () => Promise<SocketTable>;
  /** Packets view (see engine/packets): the step's segments, or why they are not available. */
  packets?: PacketCheckContext;
  /** Probes from inside the lesson's private network, when its actors live in one. */
  probe?: (request: ProbeRequest) => Promise<ProbeAnswer>;
}

/** The checks of a step, plus the implicit "no exception" one when no error is expected. */
export function effectiveChecks(checks: Check[]): Check[] {
  const expectsError = checks.some((check) => check.kind === 'error' || check.kind === 'no-error');
  return expectsError ? checks : [{ kind: 'no-error', line: 0 }, ...checks];
}

export async function evaluateChecks(checks: Check[], context: CheckContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of effectiveChecks(checks)) results.push(await evaluate(check, context));
  return results;
}

const pass = (name: string, message = ''): CheckResult => ({ name, status: 'pass', message });
const fail = (name: string, message: string): CheckResult => ({ name, status: 'fail', message });

async function evaluate(check: Check, context: CheckContext): Promise<CheckResult> {
  const { reply } = context;
  switch (check.kind) {
    case 'no-error': {
      const name = check.text ?? 'el paso termina sin excepciones';
      if (!reply.error) return pass(name);
      return fail(name, describeError(reply));
    }
    case 'error': {
      const name = check.text ?? `lanza ${check.exception}${check.message ? ` con «${check.message}»` : ''} (error esperado)`;
      if (!reply.error) return fail(name, `se esperaba ${check.exception}, pero el paso terminó sin error`);
      const { matches, rename } = matchException(check.exception, reply.error);
      if (!matches) return fail(name, `se esperaba ${check.exception}, pero lanzó ${describeError(reply)}`);
      // The learner reads the name their own Python prints, and why it differs from the lesson's.
      const shown = rename ? `${withPrintedName(name, rename)} (${rename.note})` : name;
      if (check.message && !reply.error.message.includes(check.message)) {
        return fail(shown, `el mensaje fue «${reply.error.message}», sin «${check.message}»`);
      }
      return pass(shown, `${printedExceptionName(reply.error)}: ${reply.error.message}`);
    }
    case 'output': {
      const name = check.text ?? `la salida muestra «${check.contains}»`;
      const output = check.stream === 'stdout' ? context.stdout : context.stderr;
      return output.includes(check.contains) ? pass(name) : fail(name, `la salida fue ${output ? `«${output.trimEnd()}»` : 'vacía'}`);
    }
    case 'value': {
      const name = check.text ?? `el resultado contiene «${check.contains}»`;
      return reply.value?.includes(check.contains) ? pass(name, reply.value) : fail(name, reply.value === null ? 'el paso no devolvió ningún resultado (su última línea no es una expresión)' : `el resultado fue ${reply.value}`);
    }
    case 'socket':
      return checkSocket(check, context);
    case 'probe':
      return runProbe(check, context.probe);
    case 'tcp-state':
      return checkTcpState(check, await context.tcpTable(), context);
    case 'blocks': {
      const name = check.text ?? 'el paso se queda bloqueado hasta que actúa el otro extremo';
      if (!context.wasBlocked) return fail(name, 'el paso terminó enseguida: no llegó a bloquearse');
      if (!context.unblockedByOtherActor) return fail(name, 'el paso terminó sin que otro actor hiciera nada');
      return pass(name);
    }
    case 'requires':
      return pass(check.text ?? {
        ipv6: 'esta computadora tiene IPv6 en loopback (::1)',
        unix: 'este Python tiene sockets Unix (AF_UNIX)',
        dos_maquinas: 'hay dos máquinas: este paso se ejecuta en la suya',
      }[check.what]);
    case 'packets':
    case 'handshake-before-accept':
    case 'first-fin':
      return evaluatePacketCheck(check, context.packets);
  }
}

function describeError(reply: StepReply): string {
  const error = reply.error!;
  const explanation = explainException(error);
  return `${printedExceptionName(error)}: ${error.message}${error.line ? ` (línea ${error.line})` : ''}${explanation ? ` — ${explanation}` : ''}`;
}

/** What a socket check expects, as the learner reads it: «escuchando sí», not «escuchando true». */
export function socketExpectations(expect: Extract<Check, { kind: 'socket' }>['expect']): string[] {
  return Object.entries(expect).map(([field, value]) => `${field} ${typeof value === 'boolean' ? (value ? 'sí' : 'no') : value}`);
}

function checkSocket(check: Extract<Check, { kind: 'socket' }>, context: CheckContext): CheckResult {
  const actor = check.actor ?? context.actor;
  const expectations = socketExpectations(check.expect).join(', ');
  const name = check.text ?? `${check.name}${actor !== context.actor ? ` (${actor})` : ''}: ${expectations || 'existe'}`;
  const sockets = actor === context.actor ? context.reply.sockets : context.socketsOf(actor);
  const socket = sockets.find((candidate) => candidate.name === check.name);
  if (!socket) {
    const names = sockets.map((candidate) => candidate.name);
    return fail(name, `no hay ningún socket llamado ${check.name}${names.length ? ` (sockets: ${names.join(', ')})` : ''}`);
  }
  const problems: string[] = [];
  const { familia, tipo, local, remoto, escuchando, cerrado } = check.expect;
  if (familia !== undefined && socket.family !== familia) problems.push(`familia ${socket.family}, se esperaba ${familia}`);
  if (tipo !== undefined && socket.type !== tipo) problems.push(`tipo ${socket.type}, se esperaba ${tipo}`);
  if (cerrado !== undefined && socket.closed !== cerrado) problems.push(socket.closed ? 'está cerrado' : 'sigue abierto');
  if (escuchando !== undefined && Boolean(socket.listening) !== escuchando) {
    problems.push(socket.listening ? 'está escuchando' : 'no está escuchando');
  }
  if (local !== undefined && !addressMatches(socket.local, String(local))) {
    problems.push(`dirección local ${formatAddress(socket.local)}, se esperaba ${local}`);
  }
  if (remoto !== undefined && !addressMatches(socket.remote, String(remoto))) {
    problems.push(`dirección remota ${formatAddress(socket.remote)}, se esperaba ${remoto}`);
  }
  return problems.length ? fail(name, problems.join('; ')) : pass(name);
}

/** "127.0.0.1:65432", "127.0.0.1:*", "*:65432", "[::1]:65432", "ninguna", or a Unix path. */
function addressMatches(actual: SocketAddress | null | undefined, pattern: string): boolean {
  if (pattern === 'ninguna') return !actual;
  if (!actual) return false;
  if ('path' in actual) return actual.path === pattern;
  if (!('host' in actual)) return false;
  const match = /^(\[[^\]]*\]|[^:]*|\*):(\d+|\*)$/.exec(pattern);
  if (!match) return formatAddress(actual) === pattern;
  const host = match[1]!.replace(/^\[|\]$/g, '');
  const port = match[2]!;
  return (host === '*' || host === actual.host) && (port === '*' || Number(port) === actual.port);
}

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

async function runProbe(check: Extract<Check, { kind: 'probe' }>, inside?: CheckContext['probe']): Promise<CheckResult> {
  const target = check.host.includes(':') ? `[${check.host}]:${check.port}` : `${check.host}:${check.port}`;
  // Inside the lesson's private network the probe is a Python socket there; otherwise Node's, on loopback only.
  const prober = inside ? 'una sonda' : 'Node';
  if (!inside && !LOOPBACK.includes(check.host)) {
    return { name: check.text ?? `sonda a ${target}`, status: 'skip', message: `no disponible: ${target} solo existe dentro de la red privada de la lección` };
  }
  if (check.protocol === 'tcp') {
    const name = check.text ?? (check.expect === 'conecta'
      ? `un cliente real (${prober}) se conecta por TCP a ${target}`
      : `un cliente real (${prober}) que intenta conectar a ${target} es rechazado`);
    const { result, detail } = inside
      ? tcpAnswer(await inside({ protocol: 'tcp', host: check.host, port: check.port }))
      : await probeTcpConnect(check.host, check.port);
    const wanted = check.expect === 'conecta' ? 'connected' : 'refused';
    if (result === wanted) return pass(name);
    return fail(name, {
      connected: 'la conexión se estableció',
      refused: 'la conexión fue rechazada: nadie escucha en ese puerto',
      timeout: 'la conexión no respondió a tiempo',
      error: `error de red: ${detail ?? 'desconocido'}`,
    }[result]);
  }
  const name = check.text ?? (check.expect === 'llega'
    ? `un datagrama UDP real (${prober}) llega a ${target}`
    : `un datagrama UDP a ${target} es rechazado: nadie tiene ese puerto`);
  const { result, detail } = inside
    ? udpAnswer(await inside({ protocol: 'udp', host: check.host, port: check.port, payload: check.payload }))
    : await probeUdpDatagram(check.host, check.port, check.payload);
  const wanted = check.expect === 'llega' ? 'delivered' : 'refused';
  if (result === wanted) return pass(name);
  return fail(name, {
    delivered: 'el datagrama llegó: alguien tiene ese puerto',
    refused: 'el sistema respondió «puerto inalcanzable»: nadie tiene ese puerto UDP',
    error: `error de red: ${detail ?? 'desconocido'}`,
  }[result]);
}

function tcpAnswer(answer: ProbeAnswer): { result: 'connected' | 'refused' | 'timeout' | 'error'; detail?: string } {
  const result = answer.result === 'delivered' ? 'error' : answer.result;
  return { result, detail: answer.detail };
}

function udpAnswer(answer: ProbeAnswer): { result: 'delivered' | 'refused' | 'error'; detail?: string } {
  const result = answer.result === 'delivered' || answer.result === 'refused' ? answer.result : 'error';
  return { result, detail: answer.detail };
}

function checkTcpState(check: Extract<Check, { kind: 'tcp-state' }>, table: SocketTable, context: CheckContext): CheckResult {
  let { localPort, remotePort } = check;
  let where = [
    localPort !== undefined ? `puerto local ${localPort}` : '',
    remotePort !== undefined ? `puerto remoto ${remotePort}` : '',
  ].filter(Boolean).join(', ');
  if (check.socket) {
    const actor = check.actor ?? context.actor;
    const endpoint = context.endpointOf(actor, check.socket);
    where = `la conexión de ${check.socket}${actor !== context.actor ? ` (${actor})` : ''}`;
    if (!endpoint) {
      return fail(check.text ?? `el sistema operativo muestra ${check.states.join(' o ')} en ${where}`, `${check.socket} nunca tuvo una dirección local`);
    }
    localPort = endpoint.local;
    remotePort = endpoint.remote;
  }
  const expected = check.states.join(' o ');
  const name = check.text ?? (check.states.includes('ninguno')
    ? `el sistema operativo no muestra ninguna conexión TCP con ${where}`
    : `el sistema operativo muestra ${expected} con ${where}`);
  if (!table.available) return { name, status: 'skip', message: `no disponible: ${table.reason}` };
  const states = statesForPort(table, { localPort, remotePort });
  const seen = states.length ? `el sistema muestra ${[...new Set(states)].join(', ')}` : 'el sistema no muestra ninguna entrada';
  if (check.states.includes('ninguno') && states.length === 0) return pass(name, seen);
  return states.some((state) => check.states.includes(state)) ? pass(name, seen) : fail(name, seen);
}
