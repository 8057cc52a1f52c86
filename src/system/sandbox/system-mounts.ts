import { existsSync, lstatSync, readlinkSync } from 'node:fs';

/**
 * What a sandboxed program sees of the system, read-only: the programs and libraries (/usr and
 * the top-level folders that merged-/usr systems keep as links into it) and the few files of
 * /etc that name resolution and the C library read. Nothing else of the machine: no /home,
 * /root, /run (where ssh-agent, Docker and D-Bus keep their sockets), /var, /mnt or /tmp.
 */
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/opt'];

const ETC_FILES = [
  '/etc/passwd',
  '/etc/group',
  '/etc/hosts',
  '/etc/host.conf',
  '/etc/nsswitch.conf',
  '/etc/resolv.conf',
  '/etc/gai.conf',
  '/etc/services',
  '/etc/protocols',
  '/etc/localtime',
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  // Debian's python3 and friends are links through here.
  '/etc/alternatives',
  '/etc/ssl',
];

/** bwrap options that show the system read-only: links as links, folders and files bound. */
export function systemMountArgs(): string[] {
  const args: string[] = [];
  for (const path of SYSTEM_DIRS) {
    if (!existsSync(path)) continue;
    if (lstatSync(path).isSymbolicLink()) args.push('--symlink', readlinkSync(path), path);
    else args.push('--ro-bind', path, path);
  }
  for (const path of ETC_FILES) args.push('--ro-bind-try', path, path);
  return args;
}
