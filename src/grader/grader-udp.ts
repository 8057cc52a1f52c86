import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

export interface Datagram {
  data: Buffer;
  from: RemoteInfo;
}

/**
 * A UDP socket held by the grader: bound where the learner's client must send (client exercises),
 * or an ephemeral one talking to the learner's server. Datagrams queue until a test takes them.
 */
export class GraderUdp {
  private queue: Datagram[] = [];
  private waiters = new Set<() => void>();
  errorCode: string | undefined;
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('message', (data, from) => {
      this.queue.push({ data, from });
      this.wake();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.errorCode = error.code ?? error.message;
      this.wake();
    });
  }

  /** Binds host:port; port 0 picks a free one. Rejects with the error code (EADDRINUSE...). */
  static bind(host: string, port: number): Promise<GraderUdp> {
    return new Promise((resolve, reject) => {
      const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', reuseAddr: false });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        socket.close();
        reject(error);
      });
      socket.bind({ address: host, port, exclusive: true }, () => {
        socket.removeAllListeners('error');
        resolve(new GraderUdp(socket));
      });
    });
  }

  get port(): number {
    return this.socket.address().port;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Next datagram, or undefined after `ms` (or when `abort` settles). */
  next(ms: number, abort?: Promise<unknown>): Promise<Datagram | undefined> {
    return new Promise((resolve) => {
      const finish = (value: Datagram | undefined): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(value);
      };
      const check = (): void => {
        const datagram = this.queue.shift();
        if (datagram) finish(datagram);
      };
      const timer = setTimeout(() => finish(undefined), ms);
      abort?.then(() => finish(undefined), () => finish(undefined));
      this.waiters.add(check);
      check();
    });
  }

  send(data: Uint8Array, port: number, host: string): Promise<string | undefined> {
    if (this.closed) return Promise.resolve('cerrado');
    return new Promise((resolve) => {
      this.socket.send(data, port, host, (error) => resolve(error ? ((error as NodeJS.ErrnoException).code ?? error.message) : undefined));
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }
}
