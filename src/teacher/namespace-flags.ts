import { findTool } from '../system/find-tool.js';
import { AUDIT_DIR_PREFIX, OWN_TMPDIR } from '../grader/audit-hook.js';

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
 *
 * Where setpriv is found (util-linux, like unshare), sh outlives the command, outside its PID
 * namespace, so that a verificar worker's temporary folder (the one its parent made for it,
 * OWN_TMPDIR) goes when the worker ends, however it ends: the worker removes it itself when it
 * exits, but killed outright its exit hooks never run, and its namespace takes the watcher with
 * it. setpriv --pdeathsig keeps the chain whole: whatever kills the outer unshare (and so sh, its
 * --kill-child) kills the inner one, and with it the namespace. Without setpriv, sh gives way to
 * the inner unshare (exec), as before.
 */
export function privateNetworkFlags(unshare: string, { pid }: { pid: boolean }): string[] {
  const ask = `{ echo ${PRIVATE_TCP_BUCKETS} > /proc/sys/net/ipv4/tcp_child_ehash_entries; } 2>/dev/null`;
  const inner = [unshare, '-n', '--kill-child', ...(pid ? PID_FLAGS : ['--fork'])];
  const setpriv = findTool('setpriv');
  if (!setpriv) return [...NETWORK_FLAGS, '/bin/sh', '-c', `${ask}; exec "$@"`, 'sh', ...inner];
  const removeOwnFolder = `if [ "$${OWN_TMPDIR}" = 1 ]; then case "$TMPDIR" in */${AUDIT_DIR_PREFIX}*) rm -rf "$TMPDIR" ;; esac; fi`;
  const script = `${ask}; "$@"; status=$?; ${removeOwnFolder}; exit $status`;
  return [...NETWORK_FLAGS, '/bin/sh', '-c', script, 'sh', setpriv, '--pdeathsig', 'KILL', ...inner];
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
