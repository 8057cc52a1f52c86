import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAllowedAddress } from '../../src/net/address-scope.js';

test('only loopback, bind-to-any, Unix paths and (when asked) the private hosts are allowed', () => {
  const allowed = (host: string, event: 'bind' | 'connect' | 'sendto' = 'connect', privateHosts = false): boolean =>
    isAllowedAddress({ event, host, port: 1 }, privateHosts);
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.ok(allowed(host), host);
  for (const host of ['', '0.0.0.0', '::']) assert.ok(allowed(host, 'bind'), `bind ${host}`);
  for (const host of ['0.0.0.0', '8.8.8.8', '192.168.1.10', '10.0.0.1', 'example.org', 'mi-portatil']) assert.ok(!allowed(host), host);
  assert.ok(!allowed('10.99.0.2'), 'a private host only inside a two-host lesson');
  assert.ok(allowed('10.99.0.2', 'connect', true));
  assert.ok(isAllowedAddress({ event: 'bind', path: '/tmp/x/socket' }));
});
