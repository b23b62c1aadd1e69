import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { useCleanup } from './cleanup.ts';

/** One request a loopback server received. */
export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A real HTTP server on 127.0.0.1, on a free port, scripted per request. */
export interface Loopback {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request received so far, in order. */
  readonly received: Received[];
  /** How many body bytes the handler managed to write before its socket closed. */
  bytesWritten(): number;
  /** Stops the server and destroys every open connection. */
  close(): Promise<void>;
}

/** Answers one request a {@link loopback} server received; `count` is how many it has received, this one too. */
export type LoopbackHandler = (
  request: Received,
  response: ServerResponse,
  count: number,
) => void | Promise<void>;

/**
 * For a test file (call it at the top level): the `start` function to use instead of {@link loopback}, whose
 * servers are closed after the test that started them.
 */
export function useLoopbacks(): (handler: LoopbackHandler) => Promise<Loopback> {
  const cleanup = useCleanup();
  return async (handler) => {
    const server = await loopback(handler);
    cleanup.push(() => server.close());
    return server;
  };
}

/**
 * Starts a loopback server whose `handler` answers each request (after its body was read). The handler may write
 * slowly, forever, or destroy the socket: it is how the tests play a hostile or broken network.
 */
export async function loopback(handler: LoopbackHandler): Promise<Loopback> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  let written = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry: Received = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      const write = response.write.bind(response);
      response.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
        written += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
        return write(chunk, ...rest);
      }) as typeof response.write;
      void handler(entry, response, received.length);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    bytesWritten: () => written,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes `chunk` every `everyMs` until the socket closes (a body that never ends, or drips). */
export function dripForever(response: ServerResponse, chunk: string | Uint8Array, everyMs: number): void {
  const timer = setInterval(() => {
    if (response.destroyed || response.writableEnded) {
      clearInterval(timer);
      return;
    }
    response.write(chunk);
  }, everyMs);
  response.on('close', () => clearInterval(timer));
}

/** Writes as fast as the socket drains until it closes: a never-ending body at full speed. */
export function floodForever(response: ServerResponse, chunk: Uint8Array): void {
  const pump = () => {
    while (!response.destroyed && response.write(chunk)) {
      // keep writing until the socket's buffer is full
    }
  };
  response.on('drain', pump);
  pump();
}
