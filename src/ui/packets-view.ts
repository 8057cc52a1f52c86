import type { PacketsStatus } from '../engine/packets/lesson-network.js';
import type { StepMark } from '../engine/packets/packet-trace.js';
import {
  connectionStory, conversationKey, conversations, endpointOwnerName, formatEndpoint, segmentLabel, type Conversation, type Endpoint, type PacketSegment,
} from '../engine/packets/segments.js';
import { actorColor } from './step-view.js';
import { rule, terminalWidth, theme, visibleLength, wrapText } from './theme.js';

/** Sequence diagrams of what went over the (private) wire: one per connection or UDP exchange. */

const TEXT_SHOWN = 24;

function endpointTitle(endpoint: Endpoint): string {
  const owner = endpointOwnerName(endpoint);
  return `${owner ? `${owner} ` : ''}${formatEndpoint(endpoint)}`;
}

function segmentText(segment: PacketSegment): string {
  const parts = [segmentLabel(segment)];
  if (segment.proto === 'tcp') {
    if (segment.seq !== undefined) parts.push(`seq=${segment.seq}`);
    if (segment.ack !== undefined && segment.flags.includes('ACK')) parts.push(`ack=${segment.ack}`);
  }
  if (segment.len > 0) {
    parts.push(`${segment.len} B`);
    if (segment.text) {
      const text = segment.text.replace(/\r?\n/g, '⏎');
      parts.push(`«${text.length > TEXT_SHOWN ? `${text.slice(0, TEXT_SHOWN - 1)}…` : text}»`);
    }
  }
  return parts.join(' ');
}

/** The step during which a segment travelled: the latest one to start before it. */
function stepAt(t: number, marks: StepMark[]): number | undefined {
  let found: StepMark | undefined;
  for (const mark of marks) if (mark.start <= t && (!found || mark.start >= found.start)) found = mark;
  return found?.step.number;
}

function arrow(segment: PacketSegment, rightwards: boolean, inner: number): string {
  const label = segmentText(segment);
  const room = Math.max(8, inner - 6);
  const shown = label.length > room ? `${label.slice(0, room - 1)}…` : label;
  const fill = '─'.repeat(Math.max(1, inner - shown.length - 4));
  const body = rightwards ? ` ${shown} ${fill}▶ ` : ` ◀${fill} ${shown} `;
  const sender = segment.from.actor;
  return sender ? actorColor(sender)(body) : theme.gray(body);
}

function storyLines(conversation: Conversation): string[] {
  if (conversation.proto === 'udp') {
    const icmp = conversation.segments.find((segment) => segment.proto === 'icmp');
    if (!icmp) return [];
    return [
      `nadie tenía el puerto ${conversation.right.port}: el sistema contestó con ICMP «puerto inalcanzable». ` +
        'Un socket UDP conectado lo recibe como ConnectionRefusedError; uno sin conectar no se entera.',
    ];
  }
  const story = connectionStory(conversation);
  const lines: string[] = [];
  if (story.reset) {
    lines.push(story.handshakeAt === undefined
      ? `nadie escuchaba en ${formatEndpoint(conversation.right)}: la respuesta al SYN fue RST (conexión rechazada).`
      : 'la conexión terminó con RST: un cierre abrupto, sin el intercambio de FIN.');
  } else if (story.timeWait) {
    const who = endpointOwnerName(story.timeWait) ?? formatEndpoint(story.timeWait);
    lines.push(`${who} envió el primer FIN (cerró primero): su lado queda en TIME_WAIT unos 60 s; el otro lado ya no guarda nada.`);
  } else if (story.firstFin) {
    const who = endpointOwnerName(story.firstFin.from) ?? formatEndpoint(story.firstFin.from);
    lines.push(`${who} cerró (FIN); el otro lado aún no ha cerrado el suyo (está en CLOSE_WAIT).`);
  }
  return lines;
}

interface DiagramOptions {
  /** Where each step began, to number the rows (the whole-lesson view). */
  marks?: StepMark[];
  width?: number;
  /** Explain how each connection ended (the whole-lesson view). */
  stories?: boolean;
  /** Earlier segments too: whoever spoke first in the whole conversation stays on the left. */
  orientFrom?: PacketSegment[];
}

function orient(conversation: Conversation, firstSpeakers: Map<string, Endpoint>): Conversation {
  const first = firstSpeakers.get(conversationKey(conversation.proto, conversation.left, conversation.right));
  if (!first || formatEndpoint(first) === formatEndpoint(conversation.left)) return conversation;
  return { ...conversation, left: conversation.right, right: conversation.left };
}

/** One sequence diagram per conversation, its first speaker on the left. */
function packetDiagram(segments: PacketSegment[], options: DiagramOptions = {}): string {
  const width = Math.min(options.width ?? terminalWidth(), 100);
  const marks = options.marks ?? [];
  const stepColumn = marks.length ? 6 : 2;
  const lane = width - stepColumn - 1;
  const inner = lane - 2;
  const blocks: string[] = [];
  const firstSpeakers = new Map((options.orientFrom ? conversations(options.orientFrom) : [])
    .map((conversation) => [conversationKey(conversation.proto, conversation.left, conversation.right), conversation.left]));
  for (const conversation of conversations(segments).map((found) => orient(found, firstSpeakers))) {
    const left = endpointTitle(conversation.left);
    const right = endpointTitle(conversation.right);
    const gap = Math.max(1, lane - visibleLength(left) - visibleLength(right));
    const head = `${' '.repeat(stepColumn)}${left}${' '.repeat(gap)}${right}`;
    const lines = [theme.bold(head)];
    if (marks.length) lines[0] = theme.bold(`paso${head.slice(4)}`);
    for (const segment of conversation.segments) {
      const origin = segment.bounced ? segment.to : segment.from;
      const rightwards = !segment.bounced && formatEndpoint(origin) === formatEndpoint(conversation.left) && origin.host === conversation.left.host;
      const step = marks.length ? String(stepAt(segment.t, marks) ?? '').padStart(3).padEnd(stepColumn) : ' '.repeat(stepColumn);
      lines.push(`${theme.gray(step)}│${arrow(segment, rightwards, inner)}│`);
    }
    if (options.stories) for (const line of storyLines(conversation)) lines.push(theme.yellow(wrapText(`→ ${line}`, 4, 6, width)));
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

/** After a step: what it put on the wire. */
export function stepPacketsView(segments: PacketSegment[], lessonSoFar?: PacketSegment[]): string {
  const body = segments.length ? packetDiagram(segments, { orientFrom: lessonSoFar }) : theme.gray('  (ningún paquete: este paso no envió nada por la red)');
  return `${rule('paquetes de este paso')}\n${body}`;
}

/** At the end: the whole conversation, every row numbered with the step that caused it. */
export function lessonPacketsView(segments: PacketSegment[], marks: StepMark[]): string {
  if (!segments.length) return '';
  return `${rule('paquetes: la conversación completa')}\n${packetDiagram(segments, { marks, stories: true })}`;
}

/** Said once at the start when the view was wanted (or needed) and cannot be shown here. */
export function packetsNotice(status: PacketsStatus): string {
  if (status.state === 'on') {
    const where = status.twoHosts
      ? `Esta lección tiene dos máquinas: ${status.hosts.map((host) => `${host.name} (${host.hostname}, ${host.address})`).join(' y ')}, unidas por un cable virtual.`
      : 'Los actores viven en una red privada, solo para esta lección.';
    return theme.gray(wrapText(`• Vista de paquetes activada. ${where} Después de cada paso verás los paquetes que causó.`, 1, 3));
  }
  return theme.yellow(wrapText(
    `• Vista de paquetes no disponible: ${status.reason}. Con ella verías, después de cada paso, los segmentos que ` +
      'viajan por la red: el saludo de tres pasos (SYN, SYN-ACK, ACK) que el sistema completa antes de que accept() ' +
      'devuelva, cada envío de datos con su ACK, el cierre con FIN en cada sentido (y quién queda en TIME_WAIT), y en ' +
      'UDP un datagrama por cada sendto(), sin saludo, con un ICMP «puerto inalcanzable» cuando nadie escucha. ' +
      'El resto de la lección funciona igual; esas comprobaciones se marcan como no disponibles.',
    1, 3,
  ));
}
