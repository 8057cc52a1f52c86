import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSocketTable, statesForPort } from '../../src/system/proc/socket-table.js';
import { hasEnded, parseEnviron, parseStat } from '../../src/system/proc/process-stat.js';

// Captured on Linux 6.x from a Python process holding: a TCP listener on 127.0.0.1:56993 with one
// accepted connection (the client on 59600 sent 4 bytes), listeners on [::1]:54155 and
// [::ffff:127.0.0.1]:38865, a UDP socket bound to 127.0.0.1:46925 with a datagram waiting, and a
// UDP socket on 48178 connected to it; plus a TIME_WAIT line.
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   1: 0100007F:DEA1 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5489951 1 00000000f6ba75ef 100 0 0 10 0
   2: 0100007F:E8D0 0100007F:DEA1 01 00000000:00000000 00:00000000 00000000     0        0 5489952 2 000000004377765b 20 0 0 11 -1
  10: 0100007F:DEA1 0100007F:E8D0 01 00000000:00000004 00:00000000 00000000  1000        0 5489953 1 00000000ce88c5d3 20 4 30 10 -1
  11: 0100007F:A884 0100007F:834B 06 00000000:00000000 03:0000013C 00000000     0        0 0 3 000000001c81b88b
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:D38B 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5489954 1 0000000001499090 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:97D1 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5489955 1 00000000af1dc49f 100 0 0 10 0
`;
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
 7589: 0100007F:B74D 00000000:0000 07 00000000:00000340 00:00000000 00000000     0        0 5489956 2 00000000e79e9648 0
 8842: 0100007F:BC32 0100007F:B74D 01 00000000:00000000 00:00000000 00000000     0        0 5489957 2 000000008bf83b4a 0
`;

test('the TCP table: addresses, ports, named states (never the kernel\'s hex codes), queues, owner and inode', () => {
  const entries = parseSocketTable(TCP, 'tcp');
  assert.deepEqual(entries.map((entry) => entry.state), ['LISTEN', 'ESTABLISHED', 'ESTABLISHED', 'TIME_WAIT']);
  assert.deepEqual(entries[0], {
    protocol: 'tcp', localHost: '127.0.0.1', localPort: 56993, remoteHost: '0.0.0.0', remotePort: 0,
    state: 'LISTEN', receiveQueue: 0, uid: 0, inode: 5489951,
  });
  assert.deepEqual([entries[2]!.localPort, entries[2]!.remotePort, entries[2]!.receiveQueue, entries[2]!.uid], [56993, 59600, 4, 1000]);
  assert.equal(entries[3]!.inode, 0, 'a TIME_WAIT socket belongs to no process');
  const table = { available: true as const, entries };
  assert.deepEqual(statesForPort(table, { localPort: 56993 }), ['LISTEN', 'ESTABLISHED']);
  assert.deepEqual(statesForPort(table, { localPort: 56993, remotePort: 59600 }), ['ESTABLISHED']);
  assert.deepEqual(statesForPort({ available: false, reason: 'no' }, { localPort: 56993 }), []);
});

test('IPv6 addresses, IPv4-mapped ones shown as IPv4, and the header or a short line skipped', () => {
  const entries = parseSocketTable(`${TCP6}   9: 0100007F:DEA1\n\n`, 'tcp');
  assert.deepEqual(entries.map((entry) => [entry.localHost, entry.localPort, entry.remoteHost]), [['::1', 54155, '::'], ['127.0.0.1', 38865, '::']]);
});

test('the UDP table: a bound socket is CLOSE with its datagram waiting, a connected one ESTABLISHED', () => {
  const [bound, connected] = parseSocketTable(UDP, 'udp');
  assert.deepEqual([bound!.protocol, bound!.localPort, bound!.state, bound!.receiveQueue > 0], ['udp', 46925, 'CLOSE', true]);
  assert.deepEqual([connected!.localPort, connected!.remotePort, connected!.state, connected!.receiveQueue], [48178, 46925, 'ESTABLISHED', 0]);
});

test('a stat line whose command name holds spaces and parentheses', () => {
  const stat = '4242 (python3 (x) y) S 4200 4242 2924 0 -1 4194304 102 0 0 0 7 3 0 0 20 0 1 0 1128145 3133440 416 18446744073709551615 0';
  assert.deepEqual(parseStat(4242, stat), { pid: 4242, state: 'S', ppid: 4200, pgrp: 4242, cpuTicks: 10, startTime: 1128145 });
  assert.equal(hasEnded(parseStat(4242, stat)), false);
  assert.equal(hasEnded(parseStat(4242, stat.replace(') S ', ') Z '))), true, 'a zombie holds nothing');
  assert.equal(parseStat(4242, ''), undefined, 'a process gone meanwhile');
  assert.equal(hasEnded(undefined), true);
});

test('an environment: the variables named with a prefix, values with "=" kept whole', () => {
  const env = parseEnviron('PATH=/usr/bin\0TALLER_ENVIO=abc=1\0TALLER_SOCKETS_DUENO=77\0', 'TALLER_');
  assert.deepEqual([...env], [['TALLER_ENVIO', 'abc=1'], ['TALLER_SOCKETS_DUENO', '77']]);
});
