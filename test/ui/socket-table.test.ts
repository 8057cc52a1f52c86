import { test } from 'node:test';
import assert from 'node:assert/strict';
import { socketTable } from '../../src/ui/step-view.js';
import { setColor } from '../../src/ui/theme.js';
import type { SocketSnapshot } from '../../src/kernel/protocol.js';

const base = { closed: false, fd: 3, family: 'AF_INET', type: 'SOCK_STREAM', proto: 6 };

test('a connection reset by the peer (no remote address any more) is not shown with the listener\'s LISTEN', () => {
  setColor(false);
  const sockets = new Map<string, SocketSnapshot[]>([['servidor', [
    { ...base, name: 's', local: { host: '127.0.0.1', port: 65432 }, listening: true },
    { ...base, name: 'conn', fd: 4, local: { host: '127.0.0.1', port: 65432 }, remote: null, listening: false },
  ]]]);
  const tcp = { available: true as const, entries: [{ protocol: 'tcp' as const, localHost: '127.0.0.1', localPort: 65432, remoteHost: '0.0.0.0', remotePort: 0, state: 'LISTEN' as const, receiveQueue: 0, uid: 0, inode: 1 }] };
  const rows = socketTable(sockets, tcp).split('\n');
  assert.match(rows.find((row) => /\bs\b/.test(row) && row.includes('servidor  s '))!, /LISTEN$/);
  assert.match(rows.find((row) => row.includes(' conn '))!, /sin conexión$/);
});
