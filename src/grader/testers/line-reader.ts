import { byteCount, pythonBytesRepr, seconds, shortBytes } from '../bytes-view.js';
import { ANSWER_MS, type Harness } from '../harness.js';
import type { TcpPeer } from '../tcp-peer.js';

const NEWLINE = 0x0a;

export interface LineOptions {
  /** "la respuesta a «PING»": what the line is, for the messages. */
  what: string;
  who?: string;
  idleMs?: number;
  /** Extra lines when nothing (or only part of a line) arrived in time. */
  onTimeout?: string[];
  onEof?: string[];
}

/**
 * Reads one line (up to and without `\n`; a `\r` before it is dropped) from a connection whose
 * protocol is lines: the building block of line protocols (commands, chat, HTTP headers).
 * Fails saying what arrived: nothing, a line without its end, or a closed connection.
 */
export async function readLine(h: Harness, peer: TcpPeer, options: LineOptions): Promise<string> {
  const who = options.who ?? 'Tu servidor';
  const idleMs = options.idleMs ?? ANSWER_MS;
  const outcome = await peer.waitUntil(() => peer.pending().includes(NEWLINE), idleMs, h.abort);
  const pending = peer.pending();
  const end = pending.indexOf(NEWLINE);
  if (end >= 0) {
    const line = peer.take(end + 1).subarray(0, end);
    return (line.at(-1) === 0x0d ? line.subarray(0, -1) : line).toString('utf8');
  }
  const partial = pending.length
    ? [`Solo llegó ${shortBytes(pending)}, sin el salto de línea (\\n) que termina cada línea: sin él, el otro lado no sabe que la línea acabó.`]
    : [];
  if (outcome === 'timeout') {
    return h.fail([
      pending.length
        ? `Esperaba ${options.what} y, tras ${seconds(idleMs)}, la línea no se había terminado.`
        : `Esperaba ${options.what} y no llegó nada en ${seconds(idleMs)}.`,
      ...partial,
      ...(options.onTimeout ?? []),
    ]);
  }
  const how = outcome === 'reset' ? 'cortó la conexión de golpe (con un reinicio, RST)' : 'cerró la conexión';
  return h.fail([`${who} ${how} sin enviar ${options.what}.`, ...partial], true, options.onEof ?? []);
}

/** Fails when more bytes than asked for are already there (an answer nobody asked for). */
export async function expectNothingMore(h: Harness, peer: TcpPeer, after: string, who = 'Tu servidor'): Promise<void> {
  const extra = peer.pending();
  if (extra.length) {
    await h.fail([`${after}, ${who.toLowerCase()} envió además ${byteCount(extra.length)} que nadie pidió: ${pythonBytesRepr(extra.subarray(0, 80))}.`]);
  }
}
