import { TestFailure, type Harness } from '../harness.js';
import { sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import { readLine } from './line-reader.js';

/** A grader-side member of a line chat: its name and its connection. */
export interface Member {
  name: string;
  peer: TcpPeer;
  /** Names already in the room when this member joined; see {@link isLateJoinNotice}. */
  joinedBefore?: Set<string>;
}

/**
 * A server that greets («HOLA x») before it announces («ENTRA x») can be overtaken by the next
 * client: that client enters while x's announcement is still being sent, and so hears «ENTRA x»
 * for someone who was already there. The protocol allows it (nothing orders the two events), so
 * such a late notice is skipped, once per name, instead of failing a right program.
 */
export function isLateJoinNotice(joinedBefore: Set<string> | undefined, got: string): boolean {
  const name = /^ENTRA (\S+)$/.exec(got)?.[1];
  if (!name || !joinedBefore?.has(name)) return false;
  joinedBefore.delete(name);
  return true;
}

const ONE_AT_A_TIME =
  'Un chat atiende a todos a la vez: mientras un cliente está conectado (y callado), los demás deben poder entrar y hablar. ' +
  'Usa un hilo por cliente (threading.Thread), selectors o asyncio.';

/** Sends one line (adds `\n`) from a member. */
export async function say(h: Harness, member: Member, text: string): Promise<void> {
  await sendBytes(h, member.peer, Buffer.from(`${text}\n`));
}

export interface HearOptions {
  /** What the line is, for the messages: "el saludo", "el aviso de que entró beto". */
  what: string;
  /** The cause when a different line came, from its shape. */
  explain?: (got: string) => string[];
  /** When nothing came: the likely cause (by default, serving one client at a time). */
  onTimeout?: string[];
  /** Which lines are right, when not exactly `expected` (then `expected` describes them). */
  accept?: (got: string) => boolean;
}

/** Expects `member` to receive exactly `expected` as its next line. */
export async function hear(h: Harness, member: Member, expected: string, options: HearOptions): Promise<void> {
  let got: string;
  try {
    do got = await readLine(h, member.peer, { what: `${options.what} en la conexión de ${member.name}` });
    while (got !== expected && isLateJoinNotice(member.joinedBefore, got));
  } catch (error) {
    // An exception (also a thread's, which the harness reports) explains it better than a guess.
    if (error instanceof TestFailure && !error.exception && !member.peer.peerEnded && !member.peer.reset && member.peer.pending().length === 0) {
      error.lines.push(...(options.onTimeout ?? [ONE_AT_A_TIME]));
    }
    throw error;
  }
  if (options.accept ? options.accept(got) : got === expected) return;
  await h.fail([`${member.name} recibió «${got}», y esperaba ${options.what}: «${expected}».`, ...(options.explain?.(got) ?? [])]);
}
