import { createServer, createConnection, type AddressInfo } from 'node:net';
import { createSocket } from 'node:dgram';
import type { CheckResult } from './doctor-check.js';

const ECHO_TIMEOUT_MS = 3_000;

/** A real TCP round trip on loopback: listen on a free port, connect, send, get the echo back. */
function tcpEcho(host: string): Promise<{ ok: boolean; detail: string; port?: number }> {
  return new Promise((resolve) => {
    const server = createServer((connection) => {
      connection.on('error', () => undefined);
      connection.pipe(connection);
    });
    let client: ReturnType<typeof createConnection> | undefined;
    let settled = false;
    const finish = (ok: boolean, detail: string, port?: number): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client?.destroy();
      server.close();
      resolve({ ok, detail, ...(port ? { port } : {}) });
    };
    const timer = setTimeout(() => finish(false, `sin respuesta en ${ECHO_TIMEOUT_MS / 1000} s`), ECHO_TIMEOUT_MS);
    server.once('error', (error: NodeJS.ErrnoException) => finish(false, `no pude escuchar en ${host}: ${error.code ?? error.message}`));
    server.listen({ host, port: 0, exclusive: true }, () => {
      const { port } = server.address() as AddressInfo;
      client = createConnection({ host, port });
      let received = '';
      client.setEncoding('utf8');
      client.on('data', (text: string) => {
        received += text;
        if (received === 'hola') finish(true, `conexión y eco correctos (${host} puerto ${port})`, port);
      });
      client.once('connect', () => client!.write('hola'));
      client.once('error', (error: NodeJS.ErrnoException) => finish(false, `no pude conectar a ${host}:${port}: ${error.code ?? error.message}`));
    });
  });
}

/** A real UDP round trip on loopback: a datagram to a bound socket and its answer back. */
function udpEcho(host: string): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const type = host.includes(':') ? 'udp6' : 'udp4';
    const server = createSocket(type);
    const client = createSocket(type);
    let settled = false;
    const finish = (ok: boolean, detail: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const socket of [server, client]) {
        try { socket.close(); } catch { /* not bound */ }
      }
      resolve({ ok, detail });
    };
    const timer = setTimeout(() => finish(false, `el datagrama no llegó en ${ECHO_TIMEOUT_MS / 1000} s`), ECHO_TIMEOUT_MS);
    server.on('error', (error: NodeJS.ErrnoException) => finish(false, `no pude hacer bind en ${host}: ${error.code ?? error.message}`));
    client.on('error', (error: NodeJS.ErrnoException) => finish(false, `no pude enviar: ${error.code ?? error.message}`));
    server.on('message', (message, from) => server.send(message, from.port, from.address));
    client.on('message', (message) => {
      if (message.toString() === 'hola') finish(true, `datagrama enviado y respondido (${host} puerto ${server.address().port})`);
    });
    server.bind(0, host, () => {
      client.bind(0, host, () => client.send('hola', server.address().port, host));
    });
  });
}

const LOOPBACK_FIX =
  'Los sockets en 127.0.0.1 no dependen de tu red, así que algo los bloquea: revisa el cortafuegos o el antivirus, ' +
  'o que la interfaz loopback (lo) esté activa (en Linux: ip link set lo up).';

export async function checkLoopbackTcp(): Promise<CheckResult> {
  const result = await tcpEcho('127.0.0.1');
  return {
    id: 'loopback-tcp',
    title: 'TCP en 127.0.0.1',
    status: result.ok ? 'ok' : 'failure',
    message: result.detail,
    ...(result.ok ? {} : { fix: LOOPBACK_FIX }),
  };
}

export async function checkLoopbackUdp(): Promise<CheckResult> {
  const result = await udpEcho('127.0.0.1');
  return {
    id: 'loopback-udp',
    title: 'UDP en 127.0.0.1',
    status: result.ok ? 'ok' : 'failure',
    message: result.detail,
    ...(result.ok ? {} : { fix: LOOPBACK_FIX }),
  };
}

/** IPv6 loopback is only needed by the IPv6 parts of the course: a warning, not a blocker. */
export async function checkLoopbackIpv6(): Promise<CheckResult> {
  const [tcp, udp] = await Promise.all([tcpEcho('::1'), udpEcho('::1')]);
  const ok = tcp.ok && udp.ok;
  return {
    id: 'loopback-ipv6',
    title: 'IPv6 en ::1',
    status: ok ? 'ok' : 'warning',
    message: ok ? 'TCP y UDP funcionan en ::1' : `IPv6 en loopback no funciona (${tcp.ok ? udp.detail : tcp.detail})`,
    ...(ok
      ? {}
      : { fix: 'Solo afecta a las partes del taller con AF_INET6. En Linux, mira si IPv6 está desactivado (sysctl net.ipv6.conf.lo.disable_ipv6 debe ser 0).' }),
    details: { tcp: tcp.ok, udp: udp.ok },
  };
}
