import type { Check } from '../../lessons/model.js';
import type { SocketSnapshot } from '../../kernel/protocol.js';
import type { CheckResult } from '../check-result.js';
import type { PacketsStatus } from './lesson-network.js';
import type { StepPackets } from './packet-trace.js';
import {
  connectionStory, conversations, endpointOwnerName, formatEndpoint, kindMatches, segmentLabel, type Endpoint, type PacketSegment, type SegmentKind,
} from './segments.js';

export type PacketCheck = Extract<Check, { kind: 'packets' | 'handshake-before-accept' | 'first-fin' }>;

export interface PacketCheckContext {
  status: PacketsStatus;
  /** This step's segments (packets view on). */
  step?: StepPackets;
  /** Every segment of the lesson so far. */
  all: () => PacketSegment[];
  /** The step's actor and its sockets when the step ended. */
  actor: string;
  sockets: SocketSnapshot[];
}

export function isPacketCheck(check: Check): check is PacketCheck {
  return check.kind === 'packets' || check.kind === 'handshake-before-accept' || check.kind === 'first-fin';
}

export function evaluatePacketCheck(check: PacketCheck, context: PacketCheckContext | undefined): CheckResult {
  const name = check.text ?? defaultName(check);
  if (!context || context.status.state !== 'on' || !context.step) {
    const reason = context?.status.reason ?? 'la vista de paquetes no está activada (--paquetes)';
    return { name, status: 'skip', message: `no disponible: ${reason}` };
  }
  switch (check.kind) {
    case 'packets':
      return checkSequence(check, name, context.step.segments);
    case 'handshake-before-accept':
      return checkHandshake(name, context);
    case 'first-fin':
      return checkFirstFin(check.actor, name, context.all());
  }
}

function defaultName(check: PacketCheck): string {
  switch (check.kind) {
    case 'packets': {
      const who = check.from ? ` (enviados por ${check.from})` : '';
      if (!check.expect.length) return `el paso no envía ningún paquete${who}`;
      return `${check.exact ? 'el paso envía exactamente' : 'el paso envía, en este orden,'} ${check.expect.join(' → ')}${who}`;
    }
    case 'handshake-before-accept':
      return 'el saludo de tres pasos (SYN, SYN-ACK, ACK) ya se había completado cuando accept() devolvió la conexión';
    case 'first-fin':
      return `${check.actor} envía el primer FIN: cierra primero y es quien queda en TIME_WAIT`;
  }
}

const who = (endpoint: Endpoint): string => endpointOwnerName(endpoint) ?? formatEndpoint(endpoint);
/** «el servidor», or the bare address when no actor owns it (in a sentence). */
const whoInSentence = (endpoint: Endpoint): string => {
  const owner = endpointOwnerName(endpoint);
  return owner ? `el ${owner}` : formatEndpoint(endpoint);
};

function describeSegments(segments: PacketSegment[]): string {
  if (!segments.length) return 'ningún paquete';
  return segments.map((segment) => `${who(segment.from)}→${who(segment.to)} ${segmentLabel(segment)}`).join(', ');
}

function checkSequence(check: Extract<Check, { kind: 'packets' }>, name: string, stepSegments: PacketSegment[]): CheckResult {
  const segments = check.from ? stepSegments.filter((segment) => segment.from.actor === check.from) : stepSegments;
  const expect = check.expect as SegmentKind[];
  const seen = `se vio: ${describeSegments(segments)}`;
  let ok: boolean;
  if (check.exact) {
    ok = segments.length === expect.length && expect.every((word, index) => kindMatches(word, segments[index]!));
  } else {
    let next = 0;
    for (const segment of segments) if (next < expect.length && kindMatches(expect[next]!, segment)) next++;
    ok = next === expect.length;
  }
  return { name, status: ok ? 'pass' : 'fail', message: seen };
}

/**
 * The connection accept() returned is the one whose ends are a connected socket of this step's actor:
 * the newest such connection, since sockets accepted in earlier steps are still there too.
 */
function checkHandshake(name: string, context: PacketCheckContext): CheckResult {
  const step = context.step!;
  const connected = context.sockets.filter((socket) => socket.type === 'SOCK_STREAM' && !socket.closed && socket.remote && 'port' in socket.remote && socket.local && 'port' in socket.local);
  const matches = (a: Endpoint, b: Endpoint, socket: SocketSnapshot): boolean => {
    const local = socket.local as { host: string; port: number };
    const remote = socket.remote as { host: string; port: number };
    return a.port === local.port && a.ip === local.host && b.port === remote.port && b.ip === remote.host;
  };
  for (const conversation of conversations(context.all()).reverse()) {
    if (conversation.proto !== 'tcp') continue;
    const socket = connected.find((candidate) => matches(conversation.right, conversation.left, candidate));
    if (!socket) continue;
    const story = connectionStory(conversation);
    if (story.handshakeAt === undefined) return { name, status: 'fail', message: `no se capturó el saludo de la conexión de ${socket.name}` };
    if (story.handshakeAt > step.end) return { name, status: 'fail', message: 'el saludo terminó después de que accept() devolviera' };
    const message = story.handshakeAt < step.start
      ? 'terminó incluso antes de llamar a accept(): el sistema operativo completa el saludo y deja la conexión en la cola de listen()'
      : `terminó ${(step.end - story.handshakeAt).toFixed(1).replace('.', ',')} ms antes de que accept() devolviera`;
    return { name, status: 'pass', message };
  }
  return { name, status: 'fail', message: 'este paso no tiene ninguna conexión aceptada (un socket conectado cuyo saludo se haya capturado)' };
}

function checkFirstFin(actor: string, name: string, segments: PacketSegment[]): CheckResult {
  const closing = conversations(segments)
    .filter((conversation) => conversation.proto === 'tcp')
    .map((conversation) => ({ conversation, story: connectionStory(conversation) }))
    .filter(({ story }) => story.firstFin);
  const last = closing.at(-1);
  if (!last) return { name, status: 'fail', message: 'todavía nadie ha enviado un FIN' };
  const sender = last.story.firstFin!.from;
  const message = `el primer FIN lo envió ${whoInSentence(sender)}${last.story.timeWait ? `; ${whoInSentence(last.story.timeWait)} queda en TIME_WAIT` : ''}`;
  return { name, status: sender.actor === actor ? 'pass' : 'fail', message };
}
