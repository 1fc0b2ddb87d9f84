import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A loopback HTTP server standing in for a customer's media host: serves a real demo photo and a
 * real WAV clip, answers 404 elsewhere, and can fail on purpose.
 */
export async function startMediaServer(): Promise<{ url: (p: string) => string; close: () => Promise<void>; hits: string[] }> {
  const jpeg = await readFile(path.resolve('public/demo/images/street-02.jpg'));
  const wav = await readFile(path.resolve('public/demo/audio/clip-01.wav'));
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/street.jpg') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
    if (req.url === '/clip.wav') return res.writeHead(200, { 'content-type': 'audio/wav' }).end(wav);
    if (req.url === '/not-an-image.jpg') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end('<html>sorry</html>');
    if (req.url === '/redirect') return res.writeHead(302, { location: '/street.jpg' }).end();
    res.writeHead(404).end('not here');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (p) => `http://127.0.0.1:${port}${p}`,
    hits,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
