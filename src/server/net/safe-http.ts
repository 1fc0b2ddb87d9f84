import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';

/**
 * Outgoing HTTP for customer-given URLs (attachments, callbacks), guarded against SSRF: unless
 * `allowPrivate`, a host that resolves to a loopback, private, link-local or otherwise internal address
 * is refused. The check runs in the socket's own DNS lookup, so the address checked is the address
 * connected to (no rebinding between check and use), and again on every redirect.
 */
const internal = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) internal.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) internal.addSubnet(net, bits, 'ipv6');

/** True for addresses the guard refuses by default. IPv4-mapped IPv6 addresses are checked as IPv4. */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return internal.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  return family === 4 ? internal.check(address, 'ipv4') : family === 6 ? internal.check(address, 'ipv6') : true;
}

export class OutgoingHttpError extends Error {}

export type SafeRequest = {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Largest response body read; beyond it the request fails. */
  maxBytes: number;
  allowPrivate: boolean;
  maxRedirects?: number;
};

export type SafeResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** An answer whose body has not been read: `body` streams it; `failure()` says why it broke off, if it did. */
export type SafeStream = { status: number; headers: http.IncomingHttpHeaders; body: http.IncomingMessage; failure(): Error | null; close(): void };

/** Sends a request and reads the whole answer (up to `maxBytes`) into memory: for callbacks and other small bodies. */
export async function safeRequest(url: string, opts: SafeRequest): Promise<SafeResponse> {
  const res = await safeStream(url, opts);
  return new Promise<SafeResponse>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.body.on('data', (c: Buffer) => {
      size += c.length;
      if (size > opts.maxBytes) {
        res.close();
        reject(new OutgoingHttpError(`the response is larger than ${opts.maxBytes} bytes`));
        return;
      }
      chunks.push(c);
    });
    res.body.on('end', () => resolve({ status: res.status, headers: res.headers, body: Buffer.concat(chunks) }));
    res.body.on('error', (e) => reject(res.failure() ?? new OutgoingHttpError(e.message)));
    res.body.on('close', () => reject(res.failure() ?? new OutgoingHttpError('the connection closed before the end of the response')));
  });
}

/**
 * Sends a request and answers once the status and headers have come, following redirects (GET only), with
 * the body still to read, for bodies too large to hold in memory. `timeoutMs` applies to every silence,
 * including one in the middle of the body. `maxBytes` is the reader's to enforce (see media/receive-file.ts,
 * which also refuses a larger Content-Length before reading).
 */
export async function safeStream(url: string, opts: SafeRequest, redirects = 0): Promise<SafeStream> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutgoingHttpError(`not a valid URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new OutgoingHttpError(`only http and https URLs are fetched, not ${parsed.protocol}`);
  // Node skips the lookup for a literal IP, so literal addresses are checked here.
  const literal = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowPrivate && isIP(literal) && isInternalAddress(literal)) {
    throw new OutgoingHttpError(`${literal} is an internal address, which is not allowed`);
  }
  const guardedLookup = (hostname: string, options: object, cb: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return cb(err, []);
      const bad = addresses.find((a) => !opts.allowPrivate && isInternalAddress(a.address));
      if (bad) return cb(new OutgoingHttpError(`${hostname} resolves to the internal address ${bad.address}, which is not allowed`), []);
      const wantsAll = (options as { all?: boolean }).all;
      if (wantsAll) cb(null, addresses);
      else cb(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  const mod = parsed.protocol === 'https:' ? https : http;
  let failure: Error | null = null;
  const res = await new Promise<SafeStream>((resolve, reject) => {
    const req = mod.request(
      parsed,
      { method: opts.method ?? 'GET', headers: opts.headers, lookup: guardedLookup as never, timeout: opts.timeoutMs, agent: false },
      (response) => resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        body: response,
        failure: () => failure,
        close: () => req.destroy(),
      }),
    );
    req.on('timeout', () => req.destroy(new OutgoingHttpError(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', (e) => {
      failure = e instanceof OutgoingHttpError ? e : new OutgoingHttpError(e.message);
      reject(failure);
    });
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
  const location = res.headers.location;
  if (res.status >= 300 && res.status < 400 && location && (opts.method ?? 'GET') === 'GET') {
    res.close();
    if (redirects >= (opts.maxRedirects ?? 3)) throw new OutgoingHttpError('too many redirects');
    return safeStream(new URL(location, parsed).toString(), opts, redirects + 1);
  }
  return res;
}
