import type { SocketSnapshot } from '../../kernel/protocol.js';
import type { Step } from '../../lessons/model.js';
import { monotonicMs, type CapturedSegment } from '../../net/netns/captured-segment.js';
import type { PlannedHost, PrivateNetwork } from '../../net/netns/private-network.js';
import { awaitingAcks, segmentKind, type Endpoint, type PacketSegment } from './segments.js';
import { delay } from '../../system/delay.js';

/** The segments a step caused: from its start to its end (for a blocked step, until it completes). */
export interface StepPackets {
  start: number;
  end: number;
  segments: PacketSegment[];
}

export interface StepMark {
  step: Step;
  start: number;
  end: number;
}

/** Before a step's segments are taken, a short wait (bounded) for the ACKs still on their way. */
const MIN_SETTLE_MS = 5;
const MAX_SETTLE_MS = 300;
const SETTLE_POLL_MS = 10;

/**
 * Everything captured during a lesson, attributed to steps (by time) and to actors (by the
 * addresses their sockets had at the end of each step). Segments of our own probes are left out.
 */
export class PacketTrace {
  private readonly raw: CapturedSegment[] = [];
  private readonly probePorts = new Set<number>();
  /** "host|ip|port" (ip "*" for a wildcard bind) -> actor. */
  private readonly owners = new Map<string, string>();
  readonly steps: StepMark[] = [];
  /** When each step started, and whose it was: the latest one to start before a segment is the one acting. */
  private readonly starts: { actor: string; t: number }[] = [];
  private recording = true;
  readonly startedAt = monotonicMs();

  constructor(
    private readonly network: PrivateNetwork,
    private readonly plan: PlannedHost[],
    /** Actor -> host name. */
    private readonly actorHosts: Map<string, string>,
  ) {
    network.on('segment', (segment) => {
      if (this.recording && !segment.probe) this.raw.push(segment);
    });
  }

  /** Our probes' segments are not the lesson's: forget them, on every host that saw them. */
  forgetProbePort(port: number | undefined): void {
    if (port !== undefined) this.probePorts.add(port);
  }

  /** Remembers which actor owns each address its sockets have (they may close later). */
  learn(actor: string, sockets: SocketSnapshot[]): void {
    const host = this.actorHosts.get(actor) ?? this.plan[0]!.name;
    for (const socket of sockets) {
      const local = socket.local;
      if (!local || !('host' in local) || !local.port) continue;
      const wildcard = local.host === '0.0.0.0' || local.host === '::';
      this.owners.set(`${host}|${wildcard ? '*' : local.host}|${local.port}`, actor);
    }
  }

  begin(actor: string): number {
    const t = monotonicMs();
    this.starts.push({ actor, t });
    return t;
  }

  /** Ends a step's window: waits (bounded) for pending ACKs, then returns its segments. */
  async end(step: Step, start: number): Promise<StepPackets> {
    const end = monotonicMs();
    await delay(MIN_SETTLE_MS);
    for (;;) {
      await this.network.mark();
      if (!this.recording || !awaitingAcks(this.between(start, Infinity)) || monotonicMs() - end > MAX_SETTLE_MS) break;
      await delay(SETTLE_POLL_MS);
    }
    this.steps.push({ step, start, end });
    return { start, end, segments: this.between(start, monotonicMs()) };
  }

  /** Stops recording: what follows (the engine resetting connections at the end) is not the lesson's. */
  stop(): void {
    this.recording = false;
  }

  between(from: number, to: number): PacketSegment[] {
    return this.raw.filter((segment) => segment.t >= from && segment.t <= to && !this.isProbe(segment)).map((segment) => this.resolve(segment));
  }

  all(): PacketSegment[] {
    return this.between(-Infinity, Infinity);
  }

  private isProbe(segment: CapturedSegment): boolean {
    const ports = [segment.sport, segment.dport, segment.orig?.sport, segment.orig?.dport];
    return ports.some((port) => port !== undefined && this.probePorts.has(port));
  }

  private resolve(segment: CapturedSegment): PacketSegment {
    const from = this.endpoint(segment.host, segment.src, segment.sport);
    const to = this.endpoint(segment.host, segment.dst, segment.dport);
    const resolved: PacketSegment = {
      t: segment.t,
      proto: segment.proto,
      kind: segmentKind(segment),
      flags: segment.flags ?? [],
      seq: segment.seq,
      ack: segment.ack,
      len: segment.len,
      text: segment.text,
      from,
      to,
    };
    if (segment.orig) {
      resolved.bounced = {
        from: this.endpoint(segment.host, segment.orig.src, segment.orig.sport),
        to: this.endpoint(segment.host, segment.orig.dst, segment.orig.dport),
      };
    }
    // A socket opened and closed within one step leaves no address in any snapshot: whoever was
    // acting when it said the first word (SYN, or a datagram) is its owner.
    const opens = resolved.kind === 'SYN' || resolved.kind === 'UDP';
    if (!resolved.from.actor && resolved.proto !== 'icmp') {
      const acting = this.actingAt(segment.t);
      // An answer to the acting actor from an address nobody named yet (a SYN-ACK, a reply datagram)
      // comes from the other actor busy in a blocked step: a server in accept() or recvfrom() since
      // an earlier step has reported no sockets yet.
      const answering = acting && resolved.to.actor === acting ? this.runningAt(segment.t, acting) : [];
      resolved.from.actor = answering.length === 1 ? answering[0] : opens ? acting : undefined;
      // Remembered, so the answers to it (SYN-ACK...) name it too, even before its step reports its sockets.
      if (resolved.from.actor) this.owners.set(`${from.host}|${from.ip}|${from.port}`, resolved.from.actor);
    }
    return resolved;
  }

  /** The actors other than `except` in the middle of a step at t (one that had started and not ended). */
  private runningAt(t: number, except: string): string[] {
    const latest = new Map<string, number>();
    for (const start of this.starts) {
      if (start.t <= t && start.actor !== except) latest.set(start.actor, Math.max(latest.get(start.actor) ?? -Infinity, start.t));
    }
    const ended = (actor: string, start: number): boolean => this.steps.some((mark) => mark.step.actor === actor && mark.start === start && mark.end < t);
    return [...latest].filter(([actor, start]) => !ended(actor, start)).map(([actor]) => actor);
  }

  /** Which host an address is on: a link address says it; a loopback one is on the host that saw it. */
  private hostOf(capturedOn: string, ip: string): string {
    return this.plan.find((host) => host.address === ip)?.name ?? capturedOn;
  }

  private endpoint(capturedOn: string, ip: string, port: number | undefined): Endpoint {
    const host = this.hostOf(capturedOn, ip);
    const endpoint: Endpoint = { host, ip, port };
    const actor = this.owners.get(`${host}|${ip}|${port}`) ?? this.owners.get(`${host}|*|${port}`);
    if (actor) endpoint.actor = actor;
    if (this.plan.length > 1) endpoint.machine = host;
    return endpoint;
  }

  private actingAt(t: number): string | undefined {
    let latest: { actor: string; t: number } | undefined;
    for (const start of this.starts) if (start.t <= t && (!latest || start.t >= latest.t)) latest = start;
    return latest?.actor;
  }
}
