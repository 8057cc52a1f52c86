import { findTool } from '../system/find-tool.js';

// -r: root inside a user namespace of its own, the only way to get a network namespace without
// being root; --kill-child: if unshare dies, so does everything inside.
const NETWORK_FLAGS = ['-r', '-n', '--kill-child'];
// A PID namespace of its own with its own /proc: the grader reads /proc/<pid> of the program's
// processes, which must be the PIDs it sees. Its first process (the worker) is the namespace's
// init, which no process inside can kill.
const PID_FLAGS = ['--pid', '--fork', '--mount-proc'];

/**
 * Buckets of the TCP table of a private network. A network namespace made straight from the
 * machine's shares the machine's table, sized for all its memory (262 144 buckets on 24 GiB), and
 * every read of /proc/net/tcp or tcp6 walks all of it: 3.7 ms of CPU per read (measured), about a
 * dozen reads per program graded. One made from inside another gets a table of its own, this
 * size, where its parent asks for it (Linux 6.1 and later, net.ipv4.tcp_child_ehash_entries):
 * 0.07 ms per read. Thousands of connections still fit: the kernel chains what does not.
 */
const PRIVATE_TCP_BUCKETS = 1024;

/**
 * The flags after `unshare` that give what follows them a private network (and, with `pid`, a
 * PID namespace): a first network namespace, only to ask for a small TCP table, and inside it,
 * through sh, a second one where the command runs. Where Linux is older, or /proc/sys read-only,
 * the request fails quietly and the second namespace shares the machine's table, as one alone would.
 */
export function privateNetworkFlags(unshare: string, { pid }: { pid: boolean }): string[] {
  const ask = `{ echo ${PRIVATE_TCP_BUCKETS} > /proc/sys/net/ipv4/tcp_child_ehash_entries; } 2>/dev/null; exec "$@"`;
  return [...NETWORK_FLAGS, '/bin/sh', '-c', ask, 'sh', unshare, '-n', '--kill-child', ...(pid ? PID_FLAGS : ['--fork'])];
}

/** A PID namespace alone (no private network): the flags after `unshare`. */
export const PROCESS_ONLY_FLAGS = ['-r', '--kill-child', ...PID_FLAGS];

/**
 * The namespaces `verificar` tries for real, with no probe first (it falls back when they fail):
 * a private network and a PID namespace; undefined where they are known to be missing. Light on
 * purpose (no network code): it runs before the rest of verificar has even loaded.
 */
export function privateNetworkNamespaces(): { command: string; flags: string[] } | undefined {
  if (process.platform !== 'linux' || process.env.TALLER_SOCKETS_NETNS === '0') return undefined;
  const unshare = findTool('unshare');
  return unshare ? { command: unshare, flags: privateNetworkFlags(unshare, { pid: true }) } : undefined;
}
