/**
 * A real HTTP server on 127.0.0.1 in front of a fake service (Node, Bun and Deno's Node compatibility).
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CorsPolicy, withCors } from './cors.ts';
import type { RequestHandler } from './request-handler.ts';

/**
 * Options of `listen()`.
 *
 * @example
 * ```ts
 * const server = await service.listen({ port: 9002, cors: ['http://localhost:5173'] });
 * ```
 */
export interface ListenOptions {
  /** The port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /**
   * Let browser pages on other origins call the server: `true` for any origin, or a list of exact origins. Default
   * `false`: no CORS headers, as the users service sends none (a gateway in front of it decides).
   */
  readonly cors?: CorsPolicy;
}

/**
 * A running loopback server.
 *
 * @example
 * ```ts
 * const server = await service.listen();
 * const users = new UsersClient({ baseUrl: server.url });
 * await server.close();
 * ```
 */
export interface LoopbackServer {
  /** The service's base URL on this server, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /**
   * Stops the server and closes every open connection.
   *
   * @example
   * ```ts
   * const server = await service.listen();
   * try {
   *   await new UsersClient({ baseUrl: server.url }).health();
   * } finally {
   *   await server.close();
   * }
   * ```
   */
  close(): Promise<void>;
}

/**
 * Starts a `node:http` server on 127.0.0.1 that serves every request with `handle`.
 *
 * @remarks
 * `node:http` is loaded only here, with a dynamic `import()`, so the rest of the fake stays free of Node APIs. Port
 * 0 picks a free port. A dropped connection destroys the socket; a client that goes away aborts the request's signal.
 * With `cors`, preflights are answered and replies carry the CORS headers (see {@link withCors}).
 *
 * @example
 * ```ts
 * const server = await listenOnLoopback(handle, '', { port: 0 });
 * await fetch(`${server.url}/health`);
 * await server.close();
 * ```
 */
export async function listenOnLoopback(
  handle: RequestHandler,
  basePath: string,
  options: ListenOptions = {},
): Promise<LoopbackServer> {
  const port = options.port ?? 0;
  const cors = options.cors ?? false;
  const serveRequest = cors === false ? handle : withCors(handle, cors);
  // A computed specifier keeps browser bundlers from trying to resolve node:http.
  const nodeHttp = 'node:http';
  const { createServer }: typeof import('node:http') = await import(/* @vite-ignore */ nodeHttp);
  const server = createServer((incoming, outgoing) => {
    void serve(serveRequest, incoming, outgoing);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}${basePath}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(
  handle: RequestHandler,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): Promise<void> {
  const aborter = new AbortController();
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) aborter.abort(new Error('the client closed the connection'));
  });
  try {
    const response = await handle(await toRequest(incoming, aborter.signal));
    if (response.type === 'error') {
      incoming.socket.destroy();
      return;
    }
    const body = new Uint8Array(await response.arrayBuffer());
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(body);
  } catch {
    incoming.socket.destroy();
  }
}

async function toRequest(incoming: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Uint8Array);
  const headers = new Headers();
  for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index] ?? '', incoming.rawHeaders[index + 1] ?? '');
  }
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const host = incoming.headers.host ?? '127.0.0.1';
  return new Request(`http://${host}${incoming.url ?? '/'}`, {
    method,
    headers,
    signal,
    ...(hasBody ? { body: concat(chunks) } : {}),
  });
}

function concat(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
