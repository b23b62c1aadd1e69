import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  type LogEvent,
  MagistralaError,
  type SessionEvent,
  TimeoutError,
  UsersClient,
} from '../src/index.ts';
import { createFakeUsersService, seededAdmin } from '../src/testing/index.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A logger that keeps every argument of every call, and the levels they came at. */
function capture() {
  const lines: Array<{ level: string; args: unknown[] }> = [];
  const at =
    (level: string) =>
    (...args: unknown[]) =>
      void lines.push({ level, args });
  const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  const events = () => lines.map((line) => ({ level: line.level, ...(line.args[1] as LogEvent) }));
  return { lines, logger, events };
}

/** Every argument, serialised both ways a logger would. */
function printed(values: unknown[]): string {
  return values
    .map((value) => `${inspect(value, { depth: 10, showHidden: true })}\n${JSON.stringify(value)}`)
    .join('\n');
}

describe('logging a whole session at debug', () => {
  it('logs every attempt, response, retry, replay, refresh and session change, and leaks no secret', async () => {
    const service = createFakeUsersService();
    const log = capture();
    const hooked: unknown[] = [];
    const sessionEvents: SessionEvent[] = [];
    const users = new UsersClient({
      baseUrl: service.baseUrl,
      fetch: service.fetch,
      logger: log.logger,
      logLevel: 'debug',
      retry: { limit: 2, delay: () => 1 },
      onSessionChange: (event) => sessionEvents.push(event),
      hooks: {
        beforeRequest: [
          async ({ request, options }) => {
            hooked.push(request.url, [...request.headers], await request.clone().text(), options);
          },
        ],
        afterResponse: [({ request, response }) => void hooked.push([...request.headers], response.status)],
        beforeRetry: [({ request }) => void hooked.push([...request.headers])],
      },
    });
    const secrets: string[] = [seededAdmin.password];
    const first = await users.login({ username: seededAdmin.username, password: seededAdmin.password });
    secrets.push(first.access_token, first.refresh_token);
    const second = await users.refresh();
    secrets.push(second.access_token, second.refresh_token);

    // A 503 then a success: one retry, one request id.
    service.fail(
      { method: 'GET', path: '/users/profile' },
      { kind: 'status', status: 503, body: { message: 'busy' } },
    );
    const me = await users.profile();
    // A 401 to a current token: refresh and replay.
    service.fail(
      { method: 'GET', path: '/users/profile' },
      { kind: 'status', status: 401, body: { message: 'nope' } },
    );
    await users.profile();

    await users.updatePassword(seededAdmin.password, 'a new password 1');
    secrets.push('a new password 1');
    await users.requestPasswordReset(seededAdmin.email);
    const reset = service.outbox.at(-1)?.token ?? '';
    secrets.push(reset);
    await users.resetPassword({
      token: reset,
      password: 'a new password 2',
      confirmPassword: 'a new password 2',
    });
    secrets.push('a new password 2');
    // The admin is verified already: the link's token is refused, and must still not be logged.
    const verification = 'verification-token-0123456789';
    secrets.push(verification);
    await users.verifyEmail(verification).catch(() => undefined);

    // Failures: a refused login, a timeout, and a refresh that fails while the session is kept.
    const refused = await users.login({ username: 'admin', password: 'wrong password 3' }).catch((e) => e);
    secrets.push('wrong password 3');
    service.fail({ path: '/health', times: 3 }, { kind: 'delay', ms: 200 });
    const timedOut = await users.health({ timeout: 20 }).catch((e) => e);
    service.fail(
      { path: '/users/tokens/refresh' },
      { kind: 'status', status: 503, body: { message: 'down' } },
    );
    const failedRefresh = await users.refresh().catch((e) => e);
    await users.profile();
    for (const request of service.requests) {
      const bearer = request.headers.authorization?.replace(/^Bearer /, '');
      if (bearer) secrets.push(bearer);
    }

    const output = printed([...log.lines.flatMap((line) => line.args), ...hooked, ...sessionEvents]);
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of new Set(secrets)) {
      const at = output.indexOf(secret);
      expect(at === -1 ? '' : output.slice(Math.max(0, at - 300), at + 40), secret.slice(0, 6)).toBe('');
    }
    expect(output).toContain('[redacted]');

    const events = log.events();
    const profileId = events.find((e) => e.event === 'retry' && e.path === '/users/profile')?.requestId;
    expect(profileId).toMatch(uuid);
    expect(
      events.filter((e) => e.requestId === profileId).map((e) => [e.level, e.event, e.attempt, e.status]),
    ).toEqual([
      ['debug', 'request', 1, undefined],
      ['debug', 'response', 1, 503],
      ['warn', 'retry', 2, 503],
      ['debug', 'request', 2, undefined],
      ['debug', 'response', 2, 200],
    ]);
    expect(me.id).toBeTruthy();
    const replay = events.find((e) => e.event === 'replay');
    expect(replay).toMatchObject({ level: 'info', method: 'GET', path: '/users/profile', status: 401 });
    expect(events.filter((e) => e.requestId === replay?.requestId).map((e) => e.event)).toEqual([
      'request',
      'response',
      'replay',
      'request',
      'response',
    ]);
    for (const e of events.filter((e) => e.event === 'response')) {
      expect(e).toMatchObject({
        method: expect.any(String),
        path: expect.any(String),
        status: expect.any(Number),
      });
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(events.find((e) => e.path === '/verify-email')).toBeDefined();
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['signed-in', 'refreshed', 'refresh-failed', 'failed']),
    );

    expect(refused).toBeInstanceOf(ApiError);
    expect(refused.requestId).toMatch(uuid);
    expect(events).toContainEqual(
      expect.objectContaining({
        level: 'error',
        event: 'failed',
        requestId: refused.requestId,
        path: '/users/tokens/issue',
      }),
    );
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect(timedOut.requestId).toMatch(uuid);
    expect(events.filter((e) => e.requestId === timedOut.requestId && e.event === 'request')).toHaveLength(3);
    expect(failedRefresh).toBeInstanceOf(MagistralaError);
    const refreshFailed = sessionEvents.find((e) => e.type === 'refresh-failed');
    expect(refreshFailed?.cause).toBe(failedRefresh);
    expect(events).toContainEqual(
      expect.objectContaining({ level: 'warn', event: 'refresh-failed', requestId: failedRefresh.requestId }),
    );
  });

  it('logs nothing without a logger, from info up with one, and nothing at silent', async () => {
    const service = createFakeUsersService();
    const loud = capture();
    const silent = capture();
    for (const [logger, logLevel] of [
      [loud.logger, undefined],
      [silent.logger, 'silent'],
    ] as const) {
      const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch, logger, logLevel });
      await users.login({ username: seededAdmin.username, password: seededAdmin.password });
      await users.profile();
    }
    // Without a logger nothing reaches the console either, not even a retry, a refresh or a failure, and not
    // even at the loudest level.
    const consoleLevels = ['debug', 'info', 'warn', 'error', 'log'] as const;
    const spies = consoleLevels.map((level) => vi.spyOn(console, level).mockImplementation(() => undefined));
    const before = service.requests.length;
    try {
      for (const logLevel of [undefined, 'debug'] as const) {
        const users = new UsersClient({
          baseUrl: service.baseUrl,
          fetch: service.fetch,
          retry: { limit: 2, delay: () => 1 },
          ...(logLevel && { logLevel }),
        });
        await users.health();
        await users.login({ username: seededAdmin.username, password: seededAdmin.password });
        service.fail({ method: 'GET', path: '/users/profile' }, { kind: 'status', status: 503 });
        await users.profile();
        service.fail({ method: 'GET', path: '/users/profile' }, { kind: 'status', status: 401 });
        await users.profile();
        await expect(users.get('00000000-0000-0000-0000-000000000000')).rejects.toBeInstanceOf(ApiError);
        await users.logout();
      }
      // The calls above did retry, refresh and fail, so a logger would have had something to say.
      const paths = service.requests.slice(before).map((request) => `${request.method} ${request.path}`);
      expect(paths.filter((path) => path === 'GET /users/profile')).toHaveLength(8);
      expect(paths.filter((path) => path === 'POST /users/tokens/refresh')).toHaveLength(2);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(silent.lines).toEqual([]);
    expect(loud.events().map((e) => [e.level, e.event])).toEqual([['info', 'signed-in']]);
    expect(() => new UsersClient({ baseUrl: service.baseUrl, logLevel: 'loud' as 'info' })).toThrow(
      /logLevel/,
    );
    expect(() => new UsersClient({ baseUrl: service.baseUrl, logger: {} as typeof console })).toThrow(
      /logger/,
    );
  });
});

describe('request ids', () => {
  it('sends one X-Request-ID per call, the same across its retries and its replay, and a new one per call', async () => {
    const service = createFakeUsersService();
    const users = new UsersClient({
      baseUrl: service.baseUrl,
      fetch: service.fetch,
      retry: { limit: 2, delay: () => 1 },
    });
    await users.login({ username: seededAdmin.username, password: seededAdmin.password });
    service.fail({ method: 'GET', path: '/users/profile', times: 2 }, { kind: 'status', status: 502 });
    await users.profile();
    service.fail(
      { method: 'GET', path: '/users/profile' },
      { kind: 'status', status: 401, body: { message: 'no' } },
    );
    await users.profile();
    const ids = service.requests.map((request) => [request.path, request.headers['x-request-id']]);
    const [login, a1, a2, a3, b1, refresh, b2] = ids;
    expect(ids).toHaveLength(7);
    for (const [, id] of ids) expect(id).toMatch(uuid);
    expect([a1?.[1], a2?.[1]]).toEqual([a3?.[1], a3?.[1]]);
    expect(b2?.[1]).toBe(b1?.[1]);
    expect(refresh?.[0]).toBe('/users/tokens/refresh');
    expect(new Set([login?.[1], a1?.[1], b1?.[1], refresh?.[1]]).size).toBe(4);
  });

  it('carries the id on the error and in its JSON', async () => {
    const service = createFakeUsersService();
    const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch });
    const error = await users.get('00000000-0000-0000-0000-000000000000').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.requestId).toBe(service.requests.at(-1)?.headers['x-request-id']);
    expect(JSON.parse(JSON.stringify(error)).requestId).toBe(error.requestId);
  });
});
