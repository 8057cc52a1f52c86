import assert from 'node:assert/strict';
import { it } from 'node:test';
import { portsOutsideEphemeralRange } from '../../src/net/free-port.js';

it('los puertos libres se buscan fuera del rango que el sistema da a las conexiones salientes', () => {
  assert.deepEqual(portsOutsideEphemeralRange('32768\t60999\n'), [20_000, 32_767], 'Linux by default');
  assert.deepEqual(portsOutsideEphemeralRange(undefined), [20_000, 32_767], 'no /proc (macOS, Windows: 49152–65535)');
  assert.deepEqual(portsOutsideEphemeralRange('15000 40000'), [40_001, 65_535], 'a range set low: above it');
  assert.deepEqual(portsOutsideEphemeralRange('1024 65000'), [1024, 65_535], 'no room outside: anywhere');
  assert.deepEqual(portsOutsideEphemeralRange('basura'), [20_000, 32_767]);
});
