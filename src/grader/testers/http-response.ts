import { byteCount, seconds, shortBytes } from '../bytes-view.js';
import { ANSWER_MS, CLOSE_MS, type Harness } from '../harness.js';
import type { TcpPeer } from '../tcp-peer.js';

/** An HTTP response as read off a raw connection (status line, headers, body up to the close). */
export interface HttpResponse {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Reads a whole HTTP/1.0 response from a connection the server closes when done, and fails
 * with the cause when it is not one: no status line, lines ended by \n alone, no
 * Content-Length, or a body whose length is not the one announced.
 */
export async function readHttpResponse(h: Harness, peer: TcpPeer, what: string): Promise<HttpResponse> {
  const head = await peer.waitUntil(() => peer.pending().includes(HEAD_END) || peer.pending().includes('\n\n'), ANSWER_MS, h.abort);
  const pending = peer.pending();
  const end = pending.indexOf(HEAD_END);
  if (end < 0) {
    if (pending.includes('\n\n')) {
      await h.fail([`La respuesta a ${what} separa sus líneas con \\n solo: en HTTP cada línea termina en \\r\\n, y las cabeceras con una línea vacía (\\r\\n\\r\\n).`]);
    }
    await h.fail([
      head === 'timeout'
        ? `Esperaba la respuesta a ${what} y ${pending.length ? `solo llegó ${shortBytes(pending)}, sin la línea vacía que cierra las cabeceras` : 'no llegó nada'} en ${seconds(ANSWER_MS)}.`
        : `Tu servidor cerró la conexión sin ${pending.length ? 'terminar' : 'enviar'} la respuesta a ${what}${pending.length ? `: llegó ${shortBytes(pending)}` : ''}.`,
    ], head !== 'timeout');
  }
  const lines = peer.take(end + HEAD_END.length).subarray(0, end).toString('latin1').split('\r\n');
  const statusLine = lines[0]!;
  const match = /^HTTP\/1\.[01] (\d{3})( .*)?$/.exec(statusLine);
  if (!match) await h.fail([`La respuesta a ${what} empieza por «${statusLine}»: la primera línea es la de estado, p. ej. «HTTP/1.0 200 OK».`]);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const closed = await peer.waitEof(CLOSE_MS + 2000, h.abort);
  const body = peer.take();
  if (closed === 'timeout') {
    await h.fail([`Tu servidor envió la respuesta a ${what}, pero no cerró la conexión en ${seconds(CLOSE_MS + 2000)}: en HTTP/1.0 el servidor cierra al terminar cada respuesta.`]);
  }
  const length = headers.get('content-length');
  if (length === undefined) await h.fail([`La respuesta a ${what} no lleva la cabecera Content-Length: escribe «Content-Length: <bytes del cuerpo>\\r\\n» entre las cabeceras.`]);
  if (Number(length) !== body.length) {
    await h.fail([
      `La respuesta a ${what} anuncia Content-Length: ${length}, y su cuerpo tiene ${byteCount(body.length)}.`,
      'Content-Length cuenta bytes, no letras: usa len() de los bytes que envías (una «ñ» ocupa 2 bytes en UTF-8).',
    ]);
  }
  return { status: Number(match![1]), headers, body };
}

/**
 * A request from Node's own HTTP client (a real one, HTTP/1.1 with Host), bounded by the test's
 * time. node:http is loaded here, not with the module: every command that lists the exercises
 * loads this tester, and the HTTP client costs a few milliseconds of each start.
 */
export async function realHttpGet(h: Harness, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer } | { error: string }> {
  const { request } = await import('node:http');
  return new Promise((resolve) => {
    const req = request({ host: h.host, port: h.port, path, method: 'GET', agent: false, headers: { Connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    req.setTimeout(ANSWER_MS + CLOSE_MS, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    void h.abort.then(() => req.destroy());
    req.end();
  });
}
