// A Hugging Face hub on loopback for tests of `npm run models`: serves <root>/<id>/<file>
// as /<id>/resolve/main/<file> (the hub's layout), on 127.0.0.1 only. Faults on demand:
// a file cut midway (its full Content-Length announced, half sent, the socket closed),
// a file missing (404), or a server with a plain folder layout (no /resolve/main/).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface HubFaults {
  /** Paths '<id>/<file>' whose body stops halfway, the connection closed. */
  cut?: string[];
  /** Paths '<id>/<file>' that answer 404. */
  missing?: string[];
  /** Serve /<id>/<file> instead of /<id>/resolve/main/<file>. */
  plainLayout?: boolean;
  /** Answer every request with an HTML page (what a web server's index or login page looks like). */
  html?: boolean;
  /** Answer /resolve/main/ with a 302 to /files/<id>/<file>, as the hub does for large files. */
  redirect?: boolean;
}

export interface Hub {
  url: string;
  /** Every path requested, in order ('<id>/<file>'). */
  requests: string[];
  close(): Promise<void>;
}

export async function startHub(root: string, faults: HubFaults = {}): Promise<Hub> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (faults.redirect && url.includes('/resolve/main/')) {
      requests.push(url);
      res.writeHead(302, { location: `/files${url.replace('/resolve/main/', '/')}` });
      return res.end();
    }
    const files = faults.redirect ? /^\/files\/([^/]+\/[^/]+)\/(.+)$/.exec(url) : null;
    const m =
      files ?? (faults.plainLayout ? /^\/(.+)$/.exec(url) : /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(url));
    const rel = m ? (faults.plainLayout && !files ? m[1] : `${m[1]}/${m[2]}`) : null;
    requests.push(rel ?? url);
    if (faults.html) {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html><body>Welcome</body></html>');
    }
    const file = rel ? path.join(root, rel) : null;
    if (!file || !file.startsWith(root) || !fs.existsSync(file) || faults.missing?.includes(rel ?? '')) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('Entry not found');
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    if (faults.cut?.includes(rel ?? '')) {
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function refusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
