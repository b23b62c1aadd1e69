/**
 * A loopback HTTP server for a few static files.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';

/**
 * A running static server.
 *
 * @example
 * ```ts
 * await using server = await serveFiles(dir, ['index.html', 'main.js']);
 * await page.goto(`${server.url}/index.html`);
 * ```
 */
export interface StaticServer extends AsyncDisposable {
  /** The server's origin, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/**
 * Serves the named files of `dir` on 127.0.0.1 (a free port) and answers 404 to anything else.
 *
 * @remarks
 * Only the listed names are served, so nothing else in the directory (or above it) can be reached.
 *
 * @param dir - The directory the files are in.
 * @param names - The file names to serve, at `/<name>`.
 * @returns The running server.
 *
 * @example
 * ```ts
 * const server = await serveFiles(dir, ['index.html', 'main.js']);
 * await server.close();
 * ```
 */
export async function serveFiles(dir: string, names: readonly string[]): Promise<StaticServer> {
  const served = new Set(names.map((name) => `/${name}`));
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (!served.has(path)) {
      response.writeHead(404).end();
      return;
    }
    readFile(join(dir, path.slice(1))).then(
      (body) => {
        const type = contentTypes[extname(path)] ?? 'application/octet-stream';
        response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
      },
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return { url: `http://127.0.0.1:${port}`, close, [Symbol.asyncDispose]: close };
}
