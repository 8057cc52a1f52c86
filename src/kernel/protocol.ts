/** Shapes of the kernel's replies (see kernel.py). */

export type SocketAddress = { host: string; port: number } | { path: string } | { raw: string };

export interface SocketSnapshot {
  name: string;
  closed: boolean;
  fd: number;
  family: string;
  type: string;
  proto: number;
  local?: SocketAddress | null;
  remote?: SocketAddress | null;
  listening?: boolean | null;
  reuseaddr?: boolean | null;
  timeout?: number | null;
  blocking?: boolean;
  error?: string;
}

export interface StepError {
  type: string;
  module: string;
  mro: string[];
  message: string;
  errno: number | null;
  code: unknown;
  line: number | null;
  traceback: string;
}

/** An address the step's code passed to bind/connect/sendto, as written (from Python's audit hook). */
export type AuditedAddress = { event: 'bind' | 'connect' | 'sendto'; host: string; port: number | null } | { event: 'bind' | 'connect' | 'sendto'; path: string };

export interface StepReply {
  value: string | null;
  addresses: AuditedAddress[];
  error: StepError | null;
  interrupted: boolean;
  ms: number;
  sockets: SocketSnapshot[];
}

export function formatAddress(address: SocketAddress | null | undefined): string {
  if (!address) return '—';
  if ('path' in address) return address.path || '(sin nombre)';
  if ('raw' in address) return address.raw;
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
