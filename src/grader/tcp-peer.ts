import { createConnection, type Socket } from 'node:net';

/** Why a wait on a connection ended. */
export type WaitOutcome = 'ok' | 'eof' | 'reset' | 'timeout';

/**
 * Unread data we keep at most, beyond what a test said it waits for (see expectReply). Beyond it
 * we stop reading (the program's sendall() then blocks): a program that streams without end must
 * neither fill our memory nor keep our event loop busy. A test that sends more than this to an
 * echo must be able to hold the whole echo, or the two sides block each other: we stop reading,
 * the program blocks in sendall() and stops reading what we still send.
 */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * One TCP connection held by the grader (as the learner's client, or accepted from the learner's
 * client). Data is buffered until a test reads it. Half-open is allowed, so that we never answer
 * the learner's FIN with ours automatically: whoever closes first keeps TIME_WAIT, and the
 * grader decides how to close so that the documented port never ends up in TIME_WAIT.
 */
export class TcpPeer {
  /** Received and not yet taken: chunks, joined only when read (no copy of everything per chunk). */
  private chunks: Buffer[] = [];
  private size = 0;
  private paused = false;
  /** Bytes a test will take (see expectReply): reading goes on until that many are buffered. */
  private expected = 0;
  /** Total bytes received on this connection. */
  receivedBytes = 0;
  /** The other side sent FIN. */
  peerEnded = false;
  /** When the connection was made, and when the other side's FIN came (Date.now()). */
  readonly openedAt = Date.now();
  endedAt: number | undefined;
  /** A test holds reading back (a slow reader): see holdReading(). */
  private held = false;
  /** We sent FIN before the other side did. */
  weEndedFirst = false;
  errorCode: string | undefined;
  private waiters = new Set<() => void>();

  /**
   * `side`: 'client' when the grader connected (to the learner's server), 'server' when the
   * grader accepted the connection (from the learner's client) on the port it listens on.
   */
  constructor(readonly socket: Socket, readonly side: 'client' | 'server' = 'client') {
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => {
      this.chunks.push(data);
      this.size += data.length;
      this.receivedBytes += data.length;
      if (this.size >= this.bufferLimit && !this.paused) {
        this.paused = true;
        socket.pause();
      }
      this.wake();
    });
    socket.on('end', () => {
      this.peerEnded = true;
      this.endedAt ??= Date.now();
      this.wake();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.errorCode ??= error.code ?? error.message;
      this.wake();
    });
    socket.on('close', () => this.wake());
  }

  get localPort(): number | undefined {
    return this.socket.localPort;
  }

  get reset(): boolean {
    return this.errorCode === 'ECONNRESET' || this.errorCode === 'EPIPE';
  }

  /** What we buffer before we stop reading: the cap, or more when a test waits for more. */
  private get bufferLimit(): number {
    return Math.max(MAX_BUFFERED_BYTES, this.expected);
  }

  /**
   * A reply of `n` bytes is coming (an echo of what we are about to send): reading goes on until
   * that many are buffered, so that a reply larger than the cap never blocks both sides. Bounded
   * by what the test itself sends; the program can make us hold no more than that.
   */
  expectReply(n: number): void {
    this.expected = Math.max(this.expected, this.size + n);
    this.resumeIfRoom();
  }

  private resumeIfRoom(): void {
    if (this.paused && this.size < this.bufferLimit) {
      this.paused = false;
      if (!this.held) this.socket.resume();
    }
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Bytes received and not yet taken. */
  pending(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.size)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  take(n = this.size): Buffer {
    const all = this.pending();
    const taken = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.size = rest.length;
    this.expected = Math.max(0, this.expected - taken.length);
    this.resumeIfRoom();
    return taken;
  }

  /** Stops reading from the OS (the other side's sends then fill the buffers): a client slow to read. */
  holdReading(): void {
    this.held = true;
    this.socket.pause();
  }

  releaseReading(): void {
    this.held = false;
    if (!this.paused) this.socket.resume();
  }

  /** Bytes we wrote that Node still holds (the OS's buffers are full when this stops going down). */
  get unsentBytes(): number {
    return this.socket.writableLength;
  }

  /**
   * Waits until `ready()` holds, the connection ends or fails, or no new byte arrives for
   * `idleMs` (the clock restarts with every byte, so large transfers are judged on progress).
   */
  waitUntil(ready: () => boolean, idleMs: number, abort?: Promise<unknown>, restartOnData = true): Promise<WaitOutcome> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout;
      let lastCount = this.receivedBytes;
      const finish = (outcome: WaitOutcome): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(outcome);
      };
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => finish('timeout'), idleMs);
      };
      const check = (): void => {
        if (ready()) return finish('ok');
        if (this.reset) return finish('reset');
        if (this.peerEnded || this.socket.destroyed) return finish(this.errorCode ? 'reset' : 'eof');
        if (restartOnData && this.receivedBytes !== lastCount) {
          lastCount = this.receivedBytes;
          arm();
        }
      };
      this.waiters.add(check);
      arm();
      abort?.then(() => finish('timeout'), () => finish('timeout'));
      check();
    });
  }

  /** Waits for at least `n` buffered bytes (or the end of the connection); holds them all, however many. */
  waitForBytes(n: number, idleMs: number, abort?: Promise<unknown>): Promise<WaitOutcome> {
    if (n > this.expected) {
      this.expected = n;
      this.resumeIfRoom();
    }
    return this.waitUntil(() => this.size >= n, idleMs, abort);
  }

  /** Waits (at most `ms`, data or not) for the other side's FIN; data arriving meanwhile stays buffered. */
  waitEof(ms: number, abort?: Promise<unknown>): Promise<WaitOutcome> {
    return this.waitUntil(() => this.peerEnded, ms, abort, false).then((outcome) => (outcome === 'eof' ? 'ok' : outcome));
  }

  /** Writes and resolves once the bytes were handed to the OS, or with the error code. */
  write(data: Uint8Array): Promise<string | undefined> {
    if (this.socket.destroyed || this.errorCode) return Promise.resolve(this.errorCode ?? 'EPIPE');
    return new Promise((resolve) => {
      this.socket.write(data, (error) => resolve(error ? ((error as NodeJS.ErrnoException).code ?? error.message) : undefined));
    });
  }

  /** Sends our FIN (half-close): the learner's server should see recv() return b''. */
  end(): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    if (!this.peerEnded) this.weEndedFirst = true;
    this.socket.end();
  }

  /**
   * Closes for good, leaving no TIME_WAIT on a port a server listens on (the document's):
   * - we closed first and the other side answered: a normal close (our TIME_WAIT, on the
   *   grader's ephemeral port);
   * - the learner's client closed first (it may still be reading: shutdown(SHUT_WR) and recv()
   *   until b''): our FIN, a normal close; the TIME_WAIT is the client's, on its ephemeral port;
   * - the learner's server closed first: a reset, or its TIME_WAIT would hold its listening port
   *   for a minute and the next run of a program without SO_REUSEADDR could not bind it;
   * - nobody closed yet, or the learner never answered our FIN: a reset (otherwise the grader
   *   would be the one closing first on the port it listens on, or would wait forever).
   */
  dispose(): void {
    if (this.socket.destroyed) return;
    this.socket.removeAllListeners('data');
    this.socket.on('error', () => undefined);
    if (this.weEndedFirst && this.peerEnded && this.side === 'client') {
      this.socket.destroy();
    } else if (this.peerEnded && !this.weEndedFirst && this.side === 'server') {
      this.socket.resume();
      this.socket.end();
      // Both sides have sent FIN: the socket closes by itself once ours is out; never wait on it for long.
      setTimeout(() => this.socket.destroy(), 2000).unref();
    } else {
      this.socket.resetAndDestroy();
    }
  }
}

export type ConnectOutcome = { peer: TcpPeer } | { error: string };

/** One connection attempt (allowHalfOpen, see TcpPeer), bounded. */
export function connectOnce(host: string, port: number, timeoutMs: number): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, allowHalfOpen: true });
    const timer = setTimeout(() => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve({ error: 'ETIMEDOUT' });
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve({ peer: new TcpPeer(socket) });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ error: error.code ?? error.message });
    });
  });
}
