import { createServer, type Server } from 'node:net';
import { TcpPeer } from './tcp-peer.js';

/**
 * The grader as the TCP server the learner's client must reach. Connections queue until a test
 * takes them. Accepted sockets are half-open capable (see TcpPeer): the learner's client closes
 * first, so TIME_WAIT lands on the client's ephemeral port, never on the documented one.
 */
export class GraderTcpServer {
  private queue: TcpPeer[] = [];
  readonly accepted: TcpPeer[] = [];
  private waiters = new Set<() => void>();

  private constructor(readonly server: Server) {
    server.on('connection', (socket) => {
      const peer = new TcpPeer(socket, 'server');
      this.accepted.push(peer);
      this.queue.push(peer);
      for (const waiter of [...this.waiters]) waiter();
    });
  }

  /** Listens on host:port (0 = any free port). Rejects with the error (EADDRINUSE...). */
  static listen(host: string, port: number): Promise<GraderTcpServer> {
    return new Promise((resolve, reject) => {
      const server = createServer({ allowHalfOpen: true });
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => {
        server.removeAllListeners('error');
        server.on('error', () => undefined);
        resolve(new GraderTcpServer(server));
      });
    });
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  /** The next connection from the learner's client, or undefined after `ms` (or on abort). */
  accept(ms: number, abort?: Promise<unknown>): Promise<TcpPeer | undefined> {
    return new Promise((resolve) => {
      const finish = (peer: TcpPeer | undefined): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(peer);
      };
      const check = (): void => {
        const peer = this.queue.shift();
        if (peer) finish(peer);
      };
      const timer = setTimeout(() => finish(undefined), ms);
      abort?.then(() => finish(undefined), () => finish(undefined));
      this.waiters.add(check);
      check();
    });
  }

  /** Stops listening and resets every connection still open (a listening socket leaves no TIME_WAIT). */
  close(): void {
    for (const peer of this.accepted) peer.dispose();
    this.server.close();
  }
}
