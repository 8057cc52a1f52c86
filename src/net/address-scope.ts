import { LINK_PREFIX } from './netns/private-network.js';
import type { AuditedAddress } from '../kernel/protocol.js';

/**
 * The only addresses the workshop may ever touch: this machine's loopback, the "any address" a
 * server may bind to, Unix socket paths, and the hosts of a private network the workshop itself
 * created (two-host lessons, inside their own namespaces).
 */
export function isAllowedAddress(address: AuditedAddress, privateHosts = false): boolean {
  if ('path' in address) return true;
  const host = address.host.replace(/^\[|\]$/g, '').toLowerCase();
  // ::ffff:127.x is 127.x seen by an IPv6 socket (dual stack): loopback too.
  if (host === 'localhost' || host === '::1' || host.startsWith('127.') || host.startsWith('::ffff:127.')) return true;
  if (address.event === 'bind' && (host === '' || host === '0.0.0.0' || host === '::')) return true;
  if (privateHosts && host.startsWith(LINK_PREFIX)) return true;
  // A name that is neither loopback nor an IP (e.g. gethostname()) may resolve anywhere.
  return false;
}
