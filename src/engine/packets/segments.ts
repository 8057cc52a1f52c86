/** Segments as the lesson sees them: who sent them (actor), what kind they are, how a connection went. */
import type { SegmentKind } from '../../lessons/segment-kinds.js';

export type { SegmentKind } from '../../lessons/segment-kinds.js';

export interface Endpoint {
  /** The lesson host (A, B...) the address belongs to. */
  host: string;
  ip: string;
  port?: number;
  /** The lesson actor that owns this address, when known. */
  actor?: string;
  /** In lessons with two hosts, the host's name, to say whose system answered when no actor did. */
  machine?: string;
}

/** How an endpoint is named to the learner: its actor, or its machine, or nothing (then its address says it). */
export function endpointOwnerName(endpoint: Endpoint): string | undefined {
  return endpoint.actor ?? (endpoint.machine ? `máquina ${endpoint.machine}` : undefined);
}

export interface PacketSegment {
  /** CLOCK_MONOTONIC, ms. */
  t: number;
  proto: 'tcp' | 'udp' | 'icmp';
  kind: SegmentKind;
  /** TCP flags as sent (SYN, FIN, RST, PSH, ACK). */
  flags: string[];
  seq?: number;
  ack?: number;
  /** Payload bytes, and the payload as text when printable. */
  len: number;
  text?: string | null;
  from: Endpoint;
  to: Endpoint;
  /** ICMP "port unreachable": the datagram that could not be delivered. */
  bounced?: { from: Endpoint; to: Endpoint };
}

export function segmentKind(segment: { proto: string; flags?: string[]; len: number }): SegmentKind {
  if (segment.proto === 'udp') return 'UDP';
  if (segment.proto === 'icmp') return 'ICMP';
  const flags = new Set(segment.flags ?? []);
  if (flags.has('RST')) return 'RST';
  if (flags.has('SYN')) return flags.has('ACK') ? 'SYN-ACK' : 'SYN';
  if (flags.has('FIN')) return 'FIN';
  return segment.len > 0 ? 'DATOS' : 'ACK';
}

/** Whether a segment is what a check's word asks for (FIN and DATOS also match a FIN carrying data). */
export function kindMatches(word: SegmentKind, segment: PacketSegment): boolean {
  switch (word) {
    case 'DATOS':
      return segment.proto === 'tcp' && segment.len > 0;
    case 'FIN':
      return segment.flags.includes('FIN');
    default:
      return segment.kind === word;
  }
}

/** How the segment reads in a diagram: the flags as sent (PSH-ACK, FIN-ACK...) or the protocol. */
export function segmentLabel(segment: PacketSegment): string {
  if (segment.proto === 'udp') return 'UDP';
  if (segment.proto === 'icmp') return 'ICMP puerto inalcanzable';
  const order = ['SYN', 'FIN', 'RST', 'PSH', 'ACK'];
  return order.filter((flag) => segment.flags.includes(flag)).join('-') || '(sin flags)';
}

function endpointKey(endpoint: Endpoint): string {
  return `${endpoint.host}|${endpoint.ip}|${endpoint.port ?? ''}`;
}

export function formatEndpoint(endpoint: Endpoint): string {
  const ip = endpoint.ip.includes(':') ? `[${endpoint.ip}]` : endpoint.ip;
  return endpoint.port === undefined ? ip : `${ip}:${endpoint.port}`;
}

/** A TCP connection or a UDP exchange: every segment between the same two endpoints. */
export interface Conversation {
  proto: 'tcp' | 'udp';
  /** Who spoke first (the SYN's sender for TCP), and the other side. */
  left: Endpoint;
  right: Endpoint;
  segments: PacketSegment[];
}

export function conversationKey(proto: string, a: Endpoint, b: Endpoint): string {
  const [x, y] = [endpointKey(a), endpointKey(b)].sort();
  return `${proto}|${x}|${y}`;
}

/** Groups segments into conversations, in order of their first segment; ICMP joins the datagram it answers. */
export function conversations(segments: PacketSegment[]): Conversation[] {
  const byKey = new Map<string, Conversation>();
  for (const segment of segments) {
    const [proto, a, b] = segment.bounced
      ? ['udp' as const, segment.bounced.from, segment.bounced.to]
      : [segment.proto as 'tcp' | 'udp', segment.from, segment.to];
    const key = conversationKey(proto, a, b);
    let conversation = byKey.get(key);
    if (!conversation) {
      conversation = { proto, left: a, right: b, segments: [] };
      byKey.set(key, conversation);
    }
    conversation.segments.push(segment);
  }
  return [...byKey.values()];
}

export interface ConnectionStory {
  /** When the client's ACK completed the three-way handshake. */
  handshakeAt?: number;
  firstFin?: PacketSegment;
  /** Both FINs sent and acknowledged: whoever sent the first FIN now waits in TIME_WAIT. */
  closed: boolean;
  reset?: PacketSegment;
  timeWait?: Endpoint;
}

const sameEndpoint = (a: Endpoint, b: Endpoint): boolean => endpointKey(a) === endpointKey(b);

/** What happened to one TCP connection, read from its segments. */
export function connectionStory(conversation: Conversation): ConnectionStory {
  const story: ConnectionStory = { closed: false };
  const segments = conversation.segments.filter((segment) => segment.proto === 'tcp');
  const syn = segments.find((segment) => segment.kind === 'SYN');
  const synAck = syn && segments.find((segment) => segment.kind === 'SYN-ACK' && segment.t >= syn.t);
  const third = synAck && segments.find((segment) => segment.t >= synAck.t && sameEndpoint(segment.from, syn.from) && !segment.flags.includes('SYN') && segment.flags.includes('ACK'));
  if (third) story.handshakeAt = third.t;
  story.reset = segments.find((segment) => segment.kind === 'RST');
  const fins = segments.filter((segment) => segment.flags.includes('FIN'));
  story.firstFin = fins[0];
  const second = fins.find((segment) => story.firstFin && !sameEndpoint(segment.from, story.firstFin.from));
  if (story.firstFin && second && !story.reset) {
    const lastAck = segments.find((segment) => segment.t > second.t && sameEndpoint(segment.from, story.firstFin!.from) && segment.flags.includes('ACK'));
    if (lastAck) {
      story.closed = true;
      story.timeWait = story.firstFin.from;
    }
  }
  return story;
}

/**
 * Whether some TCP data, SYN or FIN in these segments still waits for its ACK. The receiver of a
 * FIN may delay its ACK by tens of milliseconds: the engine waits for it before closing a step.
 */
export function awaitingAcks(segments: PacketSegment[]): boolean {
  for (const conversation of conversations(segments)) {
    if (conversation.proto !== 'tcp' || conversation.segments.some((segment) => segment.kind === 'RST')) continue;
    const sentEnd = new Map<string, number>();
    const acked = new Map<string, number>();
    for (const segment of conversation.segments) {
      const from = endpointKey(segment.from);
      const end = (segment.seq ?? 0) + segment.len + (segment.flags.includes('SYN') ? 1 : 0) + (segment.flags.includes('FIN') ? 1 : 0);
      sentEnd.set(from, Math.max(sentEnd.get(from) ?? 0, end));
      if (segment.ack !== undefined) acked.set(endpointKey(segment.to), Math.max(acked.get(endpointKey(segment.to)) ?? 0, segment.ack));
    }
    for (const [from, end] of sentEnd) if (end > (acked.get(from) ?? 0)) return true;
  }
  return false;
}
