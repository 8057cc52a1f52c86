import { findTool } from '../system/find-tool.js';

// -r: root inside a user namespace of its own, the only way to get a network namespace without
// being root; --kill-child: if unshare dies, so does everything inside.
export const NETWORK_FLAGS = ['-r', '-n', '--kill-child'];
// A PID namespace of its own with its own /proc: the grader reads /proc/<pid> of the program's
// processes, which must be the PIDs it sees. Its first process (the worker) is the namespace's
// init, which no process inside can kill.
export const PID_FLAGS = ['--pid', '--fork', '--mount-proc'];

/**
 * The namespaces `verificar` tries for real, with no probe first (it falls back when they fail):
 * a private network and a PID namespace; undefined where they are known to be missing. Light on
 * purpose (no network code): it runs before the rest of verificar has even loaded.
 */
export function privateNetworkNamespaces(): { command: string; flags: string[] } | undefined {
  if (process.platform !== 'linux' || process.env.TALLER_SOCKETS_NETNS === '0') return undefined;
  const unshare = findTool('unshare');
  return unshare ? { command: unshare, flags: [...NETWORK_FLAGS, ...PID_FLAGS] } : undefined;
}
