import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where did the learner's program bind, connect or send? Python's audit hooks (PEP 578) see every
 * `bind`, `connect` and `sendto` with the address exactly as the program wrote it, even when the
 * call then fails, on every OS. A sitecustomize.py on PYTHONPATH installs the hook before the
 * learner's code runs; it only appends one JSON line per call to a file and never raises.
 */
const SITECUSTOMIZE = `# Installed by taller-sockets while grading: records socket addresses (bind/connect/sendto).
import os as _os
import sys as _sys

def _taller_sockets_audit():
    path = _os.environ.get('TALLER_SOCKETS_AUDIT')
    if not path:
        return
    import json
    watched = {'socket.bind': 'bind', 'socket.connect': 'connect', 'socket.sendto': 'sendto'}
    count = [0]

    def hook(event, args):
        name = watched.get(event)
        if name is None or count[0] >= 200:
            return
        try:
            sock, address = args[0], args[1]
            if isinstance(address, tuple):
                address = [address[0] if isinstance(address[0], str) else repr(address[0])] + [a for a in address[1:2]]
            else:
                address = [repr(address)]
            line = json.dumps({'event': name, 'pid': _os.getpid(), 'family': int(sock.family),
                               'type': int(sock.type), 'address': address}) + '\\n'
            count[0] += 1
            fd = _os.open(path, _os.O_WRONLY | _os.O_APPEND | _os.O_CREAT, 0o600)
            try:
                _os.write(fd, line.encode())
            finally:
                _os.close(fd)
        except Exception:
            pass

    _sys.addaudithook(hook)

_taller_sockets_audit()
del _taller_sockets_audit
`;

export interface AuditEvent {
  event: 'bind' | 'connect' | 'sendto';
  pid: number;
  family: number;
  type: number;
  host: string;
  port?: number;
}

/** Linux/macOS/Windows agree on these two: SOCK_STREAM = 1, SOCK_DGRAM = 2. */
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;

export class AuditLog {
  readonly dir: string;
  readonly file: string;

  private constructor(dir: string) {
    this.dir = dir;
    this.file = join(dir, 'sockets.jsonl');
  }

  static create(): AuditLog {
    const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-grader-'));
    writeFileSync(join(dir, 'sitecustomize.py'), SITECUSTOMIZE);
    return new AuditLog(dir);
  }

  /** Starts a fresh record (each program start). */
  clear(): void {
    try {
      rmSync(this.file, { force: true });
    } catch {
      // nothing to clear
    }
  }

  events(): AuditEvent[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const events: AuditEvent[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const raw = JSON.parse(line) as { event: AuditEvent['event']; pid: number; family: number; type: number; address: unknown[] };
        const [host, port] = raw.address;
        events.push({
          event: raw.event,
          pid: raw.pid,
          family: raw.family,
          // Some platforms report SOCK_NONBLOCK/SOCK_CLOEXEC bits in the type.
          type: raw.type & 0xf,
          host: String(host),
          port: typeof port === 'number' ? port : undefined,
        });
      } catch {
        // A line cut by a killed process: skip it.
      }
    }
    return events;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** "127.0.0.1:65432", "[::1]:65432", "localhost:9999". */
export function formatEndpoint(host: string, port: number | undefined): string {
  const shownHost = host === '' ? '0.0.0.0' : host.includes(':') ? `[${host}]` : host;
  return port === undefined ? shownHost : `${shownHost}:${port}`;
}
