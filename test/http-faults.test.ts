import { describe, expect, it } from 'vitest';
import {
  ConnectionError,
  MagistralaError,
  ResponseTooLargeError,
  TimeoutError,
  UsersClient,
} from '../src/index.ts';
import { pair } from './support/fixtures.ts';
import { dripForever, floodForever, useLoopbacks } from './support/loopback.ts';

// Real sockets on 127.0.0.1: the faults live in the body of a reply, after the status line, where a fetch stub
// or msw cannot put them honestly.

const MiB = 1024 * 1024;
const fast = { limit: 2, delay: () => 10 };
const health = JSON.stringify({ status: 'pass', version: '0.1.0' });

const start = useLoopbacks();

/** Runs `call`, and resolves with what it settled to and how long that took. */
async function settle(call: Promise<unknown>): Promise<{ error: unknown; value: unknown; ms: number }> {
  const started = performance.now();
  try {
    const value = await call;
    return { error: undefined, value, ms: performance.now() - started };
  } catch (error) {
    return { error, value: undefined, ms: performance.now() - started };
  }
}

/** A 200 whose JSON body arrives one byte every `everyMs`, and never completes. */
const drip = (everyMs: number) => (_request: unknown, response: import('node:http').ServerResponse) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{');
  dripForever(response, ' ', everyMs);
};

/** A 200 that streams `a`s as fast as the socket takes them (stopping, for safety, after 48 MiB). */
const flood = (_request: unknown, response: import('node:http').ServerResponse) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"status":"pass","padding":"');
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  response.on('drain', () => {
    sent += chunk.byteLength;
    if (sent > 48 * MiB) response.destroy();
  });
  floodForever(response, chunk);
};

describe('item 1: the timeout covers the whole reply, body included', () => {
  it('a body dripping 1 byte per 300 ms rejects with TimeoutError after the client timeout', async () => {
    const server = await start(drip(300));
    const users = new UsersClient({ baseUrl: server.url, timeout: 1000, retry: 0 });
    const { error, ms } = await settle(users.health());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(3000);
  }, 8000);

  it('totalTimeout bounds the whole call, its retries included', async () => {
    const server = await start(drip(300));
    const users = new UsersClient({ baseUrl: server.url, totalTimeout: 2000, retry: fast });
    const { error, ms } = await settle(users.health());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(ms).toBeLessThan(3500);
  }, 8000);

  it('a per-call timeout bounds the body too', async () => {
    const server = await start(drip(300));
    const users = new UsersClient({ baseUrl: server.url, timeout: 60_000, retry: 0 });
    const { error, ms } = await settle(users.health({ timeout: 500 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(ms).toBeLessThan(2500);
  }, 8000);

  it('a timed-out body is retried for GET like any timeout, each attempt under its own timeout', async () => {
    const server = await start((request, response, count) =>
      count < 3 ? drip(300)(request, response) : void response.end(health),
    );
    const users = new UsersClient({ baseUrl: server.url, timeout: 700, retry: fast });
    const { value, ms } = await settle(users.health());
    expect(value).toEqual({ status: 'pass', version: '0.1.0' });
    expect(server.received).toHaveLength(3);
    expect(ms).toBeLessThan(4000);
  }, 8000);

  it('a slow but complete body within the timeout still resolves', async () => {
    const server = await start((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(health.slice(0, 5));
      setTimeout(() => response.end(health.slice(5)), 200);
    });
    const users = new UsersClient({ baseUrl: server.url, timeout: 2000, retry: 0 });
    await expect(users.health()).resolves.toEqual({ status: 'pass', version: '0.1.0' });
  });

  it('a refresh whose reply drips ends with TimeoutError, keeps the session, and the next refresh works', async () => {
    const tokens = await pair();
    const fresh = await pair({ jti: 'session-2' });
    const server = await start((request, response, count) => {
      if (count === 1) return drip(300)(request, response);
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify(fresh));
    });
    const users = new UsersClient({ baseUrl: server.url, tokens, timeout: 800, retry: 0 });
    const first = await settle(users.refresh());
    expect(first.error).toBeInstanceOf(TimeoutError);
    expect(first.ms).toBeLessThan(2500);
    await expect(users.refresh()).resolves.toEqual(fresh);
    expect(server.received.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${tokens.refresh_token}`,
      `Bearer ${tokens.refresh_token}`,
    ]);
  }, 8000);
});

describe('item 1: maxResponseBytes caps what a reply may bring', () => {
  it('a never-ending 200 body rejects with ResponseTooLargeError at the default 10 MiB, and is not retried', async () => {
    const server = await start(flood);
    const users = new UsersClient({ baseUrl: server.url, retry: fast });
    const { error, ms } = await settle(users.health());
    expect(error).toBeInstanceOf(MagistralaError);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({
      name: 'ResponseTooLargeError',
      limit: 10 * MiB,
      method: 'GET',
      url: `${server.url}/health`,
    });
    expect(server.received).toHaveLength(1);
    expect(ms).toBeLessThan(5000);
  }, 10_000);

  it('the client option lowers the cap, and a per-call option overrides it', async () => {
    const server = await start(flood);
    const users = new UsersClient({ baseUrl: server.url, retry: 0, maxResponseBytes: MiB });
    expect(await settle(users.health())).toMatchObject({
      error: { name: 'ResponseTooLargeError', limit: MiB },
    });
    expect(await settle(users.health({ maxResponseBytes: 64 * 1024 }))).toMatchObject({
      error: { name: 'ResponseTooLargeError', limit: 64 * 1024 },
    });
  }, 10_000);

  it('a 200 MB Content-Length is refused before its body is read', async () => {
    const server = await start((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(200 * MiB) });
      floodForever(response, new Uint8Array(64 * 1024).fill(0x20));
    });
    const users = new UsersClient({ baseUrl: server.url, retry: 0 });
    const { error, ms } = await settle(users.health());
    expect(error).toMatchObject({ name: 'ResponseTooLargeError', limit: 10 * MiB });
    expect(ms).toBeLessThan(3000);
  }, 10_000);

  it('an error reply is capped too', async () => {
    const server = await start((request, response) => {
      response.statusCode = 500;
      flood(request, response);
    });
    const users = new UsersClient({ baseUrl: server.url, retry: 0, maxResponseBytes: MiB });
    expect(await settle(users.health())).toMatchObject({
      error: { name: 'ResponseTooLargeError', limit: MiB },
    });
  }, 10_000);

  it('a reply of exactly maxResponseBytes is accepted', async () => {
    const server = await start((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(health);
    });
    const users = new UsersClient({ baseUrl: server.url, retry: 0, maxResponseBytes: health.length });
    await expect(users.health()).resolves.toEqual({ status: 'pass', version: '0.1.0' });
    await expect(users.health({ maxResponseBytes: health.length - 1 })).rejects.toMatchObject({
      name: 'ResponseTooLargeError',
    });
  });
});

describe('item 2: a connection reset mid-body', () => {
  /** Sends the status line, half of the promised body, then resets the connection. */
  const resetMidBody = (_request: unknown, response: import('node:http').ServerResponse, status = 200) => {
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': '1000' });
    response.write('{"status":"pa');
    setTimeout(() => response.socket?.resetAndDestroy(), 20);
  };

  it('is a ConnectionError after every retry of a GET', async () => {
    const server = await start((request, response) => resetMidBody(request, response));
    const users = new UsersClient({ baseUrl: server.url, retry: fast });
    const { error } = await settle(users.health());
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe('GET /health could not connect');
    expect(server.received).toHaveLength(3);
  });

  it('is retried for GET: a later complete reply resolves', async () => {
    const server = await start((request, response, count) =>
      count === 1 ? resetMidBody(request, response) : void response.end(health),
    );
    const users = new UsersClient({ baseUrl: server.url, retry: fast });
    await expect(users.health()).resolves.toEqual({ status: 'pass', version: '0.1.0' });
    expect(server.received).toHaveLength(2);
  });

  it('is a ConnectionError, sent once, for a POST (login is never retried)', async () => {
    const server = await start((request, response) => resetMidBody(request, response));
    const users = new UsersClient({ baseUrl: server.url, retry: fast });
    const { error } = await settle(users.login({ username: 'admin', password: '12345678' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.received).toHaveLength(1);
  });

  it('an error reply reset mid-body is a ConnectionError too', async () => {
    const server = await start((request, response) => resetMidBody(request, response, 503));
    const users = new UsersClient({ baseUrl: server.url, retry: 0, accessToken: 'pat' });
    expect((await settle(users.profile())).error).toBeInstanceOf(ConnectionError);
  });
});
