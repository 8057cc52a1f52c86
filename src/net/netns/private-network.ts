import { EventEmitter } from 'node:events';
import type { SocketTable } from '../../system/proc/socket-table.js';
import type { CapturedSegment } from './captured-segment.js';
import { NamespaceHost, NetnsError } from './namespace-host.js';
import { findTool } from '../../system/find-tool.js';

export interface PlannedHost {
  name: string;
  /** Its address on the link between hosts (two hosts only), e.g. 10.99.0.1. */
  address?: string;
  /** What gethostname() answers on it (two hosts only). */
  hostname?: string;
}

/** The link between two hosts. These addresses exist only inside the namespaces we create. */
export const LINK_PREFIX = '10.99.0.';
const LINK_MASK = 24;

/** Names and addresses of the hosts of a lesson, in the order given: the first is 10.99.0.1. */
export function planHosts(names: string[]): PlannedHost[] {
  if (names.length < 2) return [{ name: names[0] ?? 'A' }];
  return names.map((name, index) => ({
    name,
    address: `${LINK_PREFIX}${index + 1}`,
    hostname: `maquina-${name.toLowerCase()}`,
  }));
}

/**
 * One private host (a network namespace with its own loopback) or two, joined by a veth pair as if
 * by a cable. Packets are captured in every namespace and re-emitted here, tagged with their host.
 */
export class PrivateNetwork extends EventEmitter<{ segment: [CapturedSegment] }> {
  private constructor(
    readonly plan: PlannedHost[],
    readonly hosts: Map<string, NamespaceHost>,
  ) {
    super();
    for (const host of hosts.values()) host.on('segment', (segment) => this.emit('segment', segment));
  }

  static async open(plan: PlannedHost[], env: NodeJS.ProcessEnv = process.env): Promise<PrivateNetwork> {
    if (plan.length > 2) throw new NetnsError('una lección puede usar como mucho dos máquinas');
    const hosts = new Map<string, NamespaceHost>();
    try {
      const [first, second] = plan;
      if (second && !findTool('ip')) throw new NetnsError('falta la herramienta ip (paquete iproute2) para unir las dos máquinas');
      const a = await NamespaceHost.start({ name: first!.name, hostname: first!.hostname }, undefined, env);
      hosts.set(first!.name, a);
      if (second) {
        // The second host lives in the first one's user namespace, so the first can hand it one end of the cable.
        const b = await NamespaceHost.start({ name: second.name, hostname: second.hostname, interfaces: ['lo'] }, a, env);
        hosts.set(second.name, b);
        await connectHosts(a, first!, b, second);
      }
    } catch (error) {
      for (const host of hosts.values()) host.close();
      throw error;
    }
    return new PrivateNetwork(plan, hosts);
  }

  host(name: string): NamespaceHost {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`no host ${name} in this network`);
    return host;
  }

  /** Waits until every host has emitted what it captured so far. */
  async mark(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((host) => host.mark()));
  }

  /** Every host's TCP table, together (each entry is unique by its addresses and ports). */
  async readTcpTable(): Promise<SocketTable> {
    const tables = await Promise.all([...this.hosts.values()].map((host) => host.readTcpTable()));
    const available = tables.filter((table): table is Extract<SocketTable, { available: true }> => table.available);
    if (!available.length) return tables[0] ?? { available: false, reason: 'sin red privada' };
    return { available: true, entries: available.flatMap((table) => table.entries) };
  }

  close(): void {
    // The second host first: it lives inside the first one's user namespace.
    for (const host of [...this.hosts.values()].reverse()) host.close();
  }
}

async function connectHosts(a: NamespaceHost, planA: PlannedHost, b: NamespaceHost, planB: PlannedHost): Promise<void> {
  const ip = findTool('ip')!;
  const endA = `veth-${planA.name.toLowerCase()}`.slice(0, 15);
  const endB = `veth-${planB.name.toLowerCase()}`.slice(0, 15);
  // One `ip -batch` per host: each command would otherwise cost a process start.
  await a.run(ip, ['-batch', '-'], [
    `link add ${endA} type veth peer name ${endB} netns ${b.pid}`,
    `addr add ${planA.address}/${LINK_MASK} dev ${endA}`,
    `link set ${endA} up`,
  ].join('\n'));
  await b.run(ip, ['-batch', '-'], [`addr add ${planB.address}/${LINK_MASK} dev ${endB}`, `link set ${endB} up`].join('\n'));
}
