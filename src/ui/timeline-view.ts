import type { StepResult } from '../engine/step-result.js';
import type { SocketSnapshot } from '../kernel/protocol.js';
import type { SocketTable } from '../system/proc/socket-table.js';
import { actorColor } from './step-view.js';
import { rule, symbols, theme } from './theme.js';

/** One row per finished step, in the order they finished, with every TCP endpoint's real state. */
export interface TimelineEntry {
  result: StepResult;
  /** Every actor's sockets as known when this step finished. */
  sockets: Map<string, SocketSnapshot[]>;
}

function port(address: SocketSnapshot['local']): number | undefined {
  return address && 'port' in address ? address.port : undefined;
}

function endpointState(socket: SocketSnapshot, tcp: SocketTable | undefined): string | undefined {
  if (socket.type !== 'SOCK_STREAM' || socket.closed || !tcp?.available) return undefined;
  const local = port(socket.local);
  if (!local) return undefined;
  const remote = port(socket.remote) ?? 0;
  return tcp.entries.find((entry) => entry.localPort === local && entry.remotePort === remote)?.state;
}

/** TCP entries of sockets Python already closed: their leftovers (TIME_WAIT, FIN_WAIT2...) still matter. */
function leftovers(entry: TimelineEntry, lastOpen: Map<string, { local: number; remote: number }>): string[] {
  const tcp = entry.result.tcp;
  if (!tcp?.available) return [];
  const rows: string[] = [];
  for (const [actor, sockets] of entry.sockets) {
    for (const socket of sockets) {
      const key = `${actor} ${socket.name}`;
      const local = port(socket.local);
      if (!socket.closed && local) {
        lastOpen.set(key, { local, remote: port(socket.remote) ?? 0 });
        continue;
      }
      const before = lastOpen.get(key);
      if (!socket.closed || !before) continue;
      const row = tcp.entries.find((candidate) => candidate.localPort === before.local && candidate.remotePort === before.remote);
      if (row) rows.push(`${key} ${before.local}→${before.remote || '*'} ${row.state} (cerrado en Python; el SO aún lo guarda)`);
    }
  }
  return rows;
}

export function timelineView(entries: TimelineEntry[]): string {
  if (!entries.length) return '';
  const lastOpen = new Map<string, { local: number; remote: number }>();
  const lines = [rule('línea de tiempo: el orden real en que terminó cada paso, y el estado TCP que muestra el SO')];
  for (const entry of entries) {
    const { result } = entry;
    const mark = result.status === 'pass' ? theme.green(symbols.pass) : theme.red(symbols.fail);
    const late = result.blocked ? theme.yellow(' (estuvo bloqueado hasta que actuó el otro extremo)') : '';
    lines.push(`  ${mark} paso ${result.step.number} ${actorColor(result.step.actor)(result.step.actor)}: ${result.step.title}${late}`);
    const states: string[] = [];
    for (const [actor, sockets] of entry.sockets) {
      for (const socket of sockets) {
        const state = endpointState(socket, result.tcp);
        if (state) states.push(`${actor} ${socket.name} ${port(socket.local)}→${port(socket.remote) ?? '*'} ${state}`);
      }
    }
    states.push(...leftovers(entry, lastOpen));
    if (states.length) lines.push(theme.gray(`      ${states.join(' · ')}`));
  }
  if (entries.some((entry) => entry.result.tcp && !entry.result.tcp.available)) {
    lines.push(theme.gray('  (Este sistema no muestra los estados TCP: en Linux verías LISTEN, ESTABLISHED, TIME_WAIT...)'));
  }
  return lines.join('\n');
}
