import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { it } from 'node:test';
import { bindError, findFreePort, portsOutsideEphemeralRange } from '../../src/net/free-port.js';

it('un puerto libre está fuera del rango efímero, se puede vincular, y uno ocupado se ve ocupado', async () => {
  const [first, last] = portsOutsideEphemeralRange();
  for (const protocol of ['tcp', 'udp'] as const) {
    const port = await findFreePort('127.0.0.1', protocol);
    assert.ok(port >= first && port <= last, `${protocol} ${port} in ${first}-${last}`);
    assert.equal(await bindError(protocol, '127.0.0.1', port), undefined);
  }
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  try {
    assert.equal(await bindError('tcp', '127.0.0.1', address.port), 'EADDRINUSE');
    const avoided = await findFreePort('127.0.0.1', 'tcp', async (port) => port !== address.port);
    assert.notEqual(avoided, address.port);
  } finally {
    server.close();
  }
});
