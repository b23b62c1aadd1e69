import { inspect } from 'node:util';
import { createFakeUsersService } from 'magistrala-users/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminToken, login, send } from './helpers.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('the request log', () => {
  it('records method, path, decoded query, headers and body of every request', async () => {
    const service = createFakeUsersService();
    await send(service, 'POST', '/users/tokens/issue', { body: { username: 'admin', password: '12345678' } });
    await service.fetch('/users?tags=a%2Bb&tags=c&limit=5');
    const [issue, list] = service.requests;
    expect(issue).toMatchObject({
      method: 'POST',
      path: '/users/tokens/issue',
      query: {},
      body: '{"username":"admin","password":"12345678"}',
      json: { username: 'admin', password: '12345678' },
    });
    expect(issue?.headers['content-type']).toBe('application/json');
    expect(list).toMatchObject({
      method: 'GET',
      path: '/users',
      query: { tags: ['a+b', 'c'], limit: '5' },
      body: '',
    });
    expect(list?.json).toBeUndefined();
  });

  it('counts requests by method and path', async () => {
    const service = createFakeUsersService();
    const token = await adminToken(service);
    await send(service, 'GET', '/users/profile', { token });
    await send(service, 'GET', '/users/profile', { token });
    await send(service, 'GET', '/health');
    expect(service.count()).toBe(4);
    expect(service.count('GET')).toBe(3);
    expect(service.count('get', '/users/profile')).toBe(2);
    expect(service.count(undefined, /^\/users\/tokens/)).toBe(1);
  });

  it('prints only a summary of itself, never the tokens it holds', async () => {
    const service = createFakeUsersService();
    const pair = await login(service, 'admin');
    await send(service, 'GET', '/users/profile', { token: pair.access_token });
    const printed = `${inspect(service, { depth: 5 })} ${JSON.stringify(service)}`;
    expect(printed).toContain('FakeUsersService');
    expect(printed).not.toContain(pair.access_token);
    expect(printed).not.toContain('12345678');
  });
});

describe('fault injection', () => {
  it('answers the next matching request with the scripted status and body, once by default', async () => {
    const service = createFakeUsersService();
    service.fail(
      { method: 'GET', path: '/health' },
      { kind: 'status', status: 503, body: { message: 'down' }, headers: { 'Retry-After': '1' } },
    );
    const failed = await send(service, 'GET', '/health');
    const recovered = await send(service, 'GET', '/health');
    expect(failed).toMatchObject({ status: 503, json: { message: 'down' } });
    expect(failed.headers.get('Retry-After')).toBe('1');
    expect(recovered.status).toBe(200);
  });

  it('sends a text body as plain text and no body as an empty JSON reply', async () => {
    const service = createFakeUsersService();
    service.fail({ path: '/health', times: 2 }, { kind: 'status', status: 502, body: 'Bad Gateway' });
    const text = await send(service, 'GET', '/health');
    service.fail({ path: '/users/profile' }, { kind: 'status', status: 500 });
    const empty = await send(service, 'GET', '/users/profile');
    expect(text.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(text.text).toBe('Bad Gateway');
    expect(empty.status).toBe(500);
    expect(empty.text).toBe('');
  });

  it('fails as many matching requests as asked, leaving others alone', async () => {
    const service = createFakeUsersService();
    service.fail({ path: /^\/users/, times: 2 }, { kind: 'status', status: 429 });
    const statuses = [];
    for (const path of ['/health', '/users/profile', '/users/search', '/users/profile']) {
      statuses.push((await send(service, 'GET', path)).status);
    }
    expect(statuses).toEqual([200, 429, 429, 401]);
  });

  it('does not touch state when it answers in place of the route', async () => {
    const service = createFakeUsersService();
    service.fail({ path: '/users/tokens/issue' }, { kind: 'status', status: 500 });
    const pair = await send(service, 'POST', '/users/tokens/issue', {
      body: { username: 'admin', password: '12345678' },
    });
    const token = await adminToken(service);
    const sessions = await send(service, 'GET', '/users/tokens/refresh-tokens', { token });
    expect(pair.status).toBe(500);
    expect((sessions.json as { refresh_tokens: unknown[] }).refresh_tokens).toHaveLength(1);
  });

  it('can be withdrawn before it fires', async () => {
    const service = createFakeUsersService();
    const withdraw = service.fail({ path: '/health' }, { kind: 'drop' });
    withdraw();
    expect((await send(service, 'GET', '/health')).status).toBe(200);
  });

  it('drops the connection: fetch rejects with a TypeError like a network error', async () => {
    const service = createFakeUsersService();
    service.fail({ path: '/health' }, { kind: 'drop' });
    await expect(service.fetch('/health')).rejects.toThrow(TypeError);
    expect(service.count('GET', '/health')).toBe(1);
  });

  it('answers with malformed JSON', async () => {
    const service = createFakeUsersService();
    service.fail({ path: '/users/profile' }, { kind: 'malformed-json' });
    const reply = await service.fetch('/users/profile');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('Content-Type')).toBe('application/json');
    await expect(reply.json()).rejects.toThrow(SyntaxError);
  });

  it('delays a request and then serves it', async () => {
    vi.useFakeTimers();
    const service = createFakeUsersService();
    service.fail({ path: '/health' }, { kind: 'delay', ms: 5_000 });
    let settled = false;
    const pending = service.fetch('/health').then((reply) => {
      settled = true;
      return reply;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
  });

  it('stops a delay when the request is aborted, rejecting with the signal reason', async () => {
    vi.useFakeTimers();
    const service = createFakeUsersService();
    service.fail({ path: '/health' }, { kind: 'delay', ms: 60_000 });
    const controller = new AbortController();
    const pending = service.fetch('/health', { signal: controller.signal });
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('rejects at once for a signal that is already aborted', async () => {
    const service = createFakeUsersService();
    await expect(service.fetch('/health', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(service.count()).toBe(0);
  });
});

describe('reset', () => {
  it('goes back to only the seeded admin, forgetting sessions, mail, log and faults', async () => {
    const service = createFakeUsersService();
    const before = await login(service, 'admin');
    await send(service, 'POST', '/users', {
      body: {
        first_name: 'A',
        last_name: 'B',
        email: 'a@example.com',
        credentials: { username: 'ab', secret: '12345678' },
      },
    });
    await send(service, 'POST', '/password/reset-request', { body: { email: 'a@example.com' } });
    service.fail({ path: '/health' }, { kind: 'drop' });
    service.reset();
    expect(service.requests).toEqual([]);
    expect(service.outbox).toEqual([]);
    expect((await send(service, 'GET', '/health')).status).toBe(200);
    const refresh = await send(service, 'POST', '/users/tokens/refresh', {
      token: before.refresh_token,
      contentType: 'application/json',
    });
    expect(refresh.status).toBe(401);
    const token = await adminToken(service);
    const page = await send<{ total: number }>(service, 'GET', '/users?status=all', { token });
    expect(page.json.total).toBe(1);
  });
});
