import { byteCount, describeBytesMismatch, seconds, shortBytes } from './bytes-view.js';
import { ANSWER_MS, CLOSE_MS, type Harness } from './harness.js';
import type { TcpPeer } from './tcp-peer.js';
import { cutAtBufferHint, encodingHint, stripHint } from './reply-diagnosis.js';
import { failIfServedOneAndEnded } from './served-one-and-ended.js';

/** Hints for a wrong answer whose shape gives the cause away. */
export function mismatchHints(expected: Buffer, received: Buffer): string[] {
  const hints: string[] = [...encodingHint(expected, received), ...stripHint(expected, received)];
  if (hints.length) return hints;
  const text = received.toString('utf8');
  const wanted = expected.toString('utf8');
  if (/<built-in method \w+ of/.test(text)) {
    hints.push('Ahí va la descripción de un método, no su resultado: falta llamarlo con paréntesis, p. ej. msg.decode().');
  } else if (/b'[^']*'|b"[^"]*"/.test(text) && !/b'|b"/.test(wanted)) {
    hints.push(
      "La respuesta lleva b'...' dentro: metiste bytes en un texto con .format() o una f-string. " +
        'Decodifica primero: msg.decode().',
    );
  } else if (text === `${wanted}\n` || text === `${wanted}\r\n`) {
    hints.push('Sobra el salto de línea del final: envía exactamente el texto, sin \\n.');
  } else if (text.toLowerCase() === wanted.toLowerCase()) {
    hints.push('Cambian mayúsculas y minúsculas: el texto debe ser idéntico.');
  } else if (text.trim() === wanted.trim()) {
    hints.push('Sobran o faltan espacios al principio o al final.');
  }
  return hints;
}

export interface ExpectOptions {
  /** "la respuesta", "el eco": what the bytes are, for the messages. */
  what: string;
  /** Who sends them: "tu servidor". */
  who?: string;
  /** Restarted with every byte that arrives. */
  idleMs?: number;
  /** Extra lines when nothing (or too little) arrived in time. */
  onTimeout?: string[];
  /** Extra lines when the connection ended before everything arrived. */
  onEof?: string[];
  /** Reject bytes beyond `expected` that are already there. */
  exact?: boolean;
}

/** Reads exactly `expected.length` bytes from the connection and compares them. */
export async function expectBytes(h: Harness, peer: TcpPeer, expected: Buffer, options: ExpectOptions): Promise<void> {
  const who = options.who ?? 'Tu servidor';
  const outcome = await peer.waitForBytes(expected.length, options.idleMs ?? ANSWER_MS, h.abort);
  const got = peer.take(Math.min(expected.length, peer.pending().length));
  if (outcome === 'ok') {
    if (!got.equals(expected)) {
      // A longer wrong reply (text encoded twice) shows its pattern only whole.
      const whole = Buffer.concat([got, peer.pending()]);
      await h.fail([`${capitalize(options.what)} no coincide con lo esperado.`, ...describeBytesMismatch(expected, got), ...mismatchHints(expected, whole)]);
    }
    if (options.exact !== false && peer.pending().length > 0) {
      const extra = peer.take();
      await h.fail([`${capitalize(options.what)} llegó bien, pero ${who.toLowerCase()} envió además ${byteCount(extra.length)} que nadie pidió: ${shortBytes(extra)}.`]);
    }
    return;
  }
  const partial = got.length
    ? [`Solo llegaron ${byteCount(got.length)} de ${byteCount(expected.length)}.`, ...describeBytesMismatch(expected, got)]
    : [];
  if (outcome === 'timeout') {
    const shape = [...encodingHint(expected, got), ...stripHint(expected, got), ...cutAtBufferHint(expected, got)];
    await h.fail([
      got.length
        ? `Esperaba ${options.what} (${byteCount(expected.length)}) y, tras ${seconds(options.idleMs ?? ANSWER_MS)} sin recibir nada más, solo tenía ${byteCount(got.length)}.`
        : `Esperaba ${options.what} y no llegó nada en ${seconds(options.idleMs ?? ANSWER_MS)}.`,
      ...(got.length ? describeBytesMismatch(expected, got) : []),
      ...(shape.length ? shape : (options.onTimeout ?? [])),
    ]);
  }
  const how = outcome === 'reset' ? 'cortó la conexión de golpe (con un reinicio, RST)' : 'cerró la conexión';
  if (!got.length) await failIfServedOneAndEnded(h, `${who} ${how} sin enviar ${options.what}`);
  const cut = cutAtBufferHint(expected, got);
  await h.fail(
    [got.length ? `${who} ${how} sin terminar de enviar ${options.what}.` : `${who} ${how} sin enviar ${options.what}.`, ...partial, ...cut],
    true,
    cut.length ? [] : (options.onEof ?? []),
  );
}

/** Sends bytes; fails when the learner's side had already closed. */
export async function sendBytes(h: Harness, peer: TcpPeer, data: Uint8Array, who = 'Tu servidor'): Promise<void> {
  const error = await peer.write(data);
  if (error) {
    await failIfServedOneAndEnded(h, `No pude enviar ${byteCount(data.length)}: ${who.toLowerCase()} ya había cerrado la conexión`);
    await h.fail([`No pude enviar ${byteCount(data.length)}: ${who.toLowerCase()} ya había cerrado la conexión (${error}).`], true);
  }
}

/**
 * Closes our side (FIN) and expects the learner's server to close its side too, soon: its recv()
 * returns b'' and it must leave its loop. Our FIN goes first, so the TIME_WAIT is ours.
 */
export async function closeAndExpectClose(h: Harness, peer: TcpPeer): Promise<void> {
  peer.end();
  const before = peer.receivedBytes;
  const outcome = await peer.waitEof(CLOSE_MS, h.abort);
  if (outcome === 'ok' || outcome === 'eof') {
    const extra = peer.take();
    h.release(peer);
    if (extra.length) {
      await h.fail([`Al cerrar el cliente, tu servidor aún envió ${byteCount(extra.length)} que nadie pidió: ${shortBytes(extra)}.`]);
    }
    return;
  }
  if (outcome === 'reset') {
    h.release(peer);
    return;
  }
  const sentMore = peer.receivedBytes - before;
  const holders = await h.connectionHolders(peer);
  if (holders?.byLeader && holders.processes > 1) {
    await h.fail([
      `Cerré el cliente, pero tu servidor no cerró la conexión en ${seconds(CLOSE_MS)}: el proceso principal sigue teniendo abierta su copia de conn.`,
      'Después de os.fork(), padre e hijo tienen cada uno su copia de conn, y la conexión solo se cierra cuando las cierran los dos. ' +
        'En el padre, cierra conn justo después de fork() (conn.close()) y deja que el hijo la use.',
    ]);
  }
  await h.fail([
    sentMore > 0
      ? `Cerré el cliente y tu servidor siguió enviando (${byteCount(sentMore)}) sin cerrar la conexión en ${seconds(CLOSE_MS)}.`
      : `Cerré el cliente, pero tu servidor no cerró la conexión en ${seconds(CLOSE_MS)}.`,
    "Cuando recv() devuelve b'' el cliente se ha ido: sal del bucle (if not data: break) y cierra la conexión (with conn: la cierra por ti).",
  ]);
}

/** "de" + phrase, contracted: del mensaje, de la mitad, de un byte. */
export function de(phrase: string): string {
  return phrase.startsWith('el ') ? `del ${phrase.slice(3)}` : `de ${phrase}`;
}


function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
