import { describe, expect, it } from 'vitest';
import { isInternalAddress, safeRequest } from './safe-http';

describe('isInternalAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1'])(
    'refuses %s',
    (a) => expect(isInternalAddress(a)).toBe(true),
  );
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])('allows %s', (a) => expect(isInternalAddress(a)).toBe(false));
});

describe('safeRequest', () => {
  it('refuses loopback names and literals before connecting', async () => {
    for (const url of ['http://127.0.0.1:9/x', 'http://[::1]:9/x', 'http://localhost:9/x']) {
      await expect(safeRequest(url, { timeoutMs: 1000, maxBytes: 10, allowPrivate: false })).rejects.toThrow(/internal address/);
    }
  });
  it('refuses other schemes', async () => {
    await expect(safeRequest('file:///etc/passwd', { timeoutMs: 1000, maxBytes: 10, allowPrivate: false })).rejects.toThrow(/only http and https/);
  });
});
