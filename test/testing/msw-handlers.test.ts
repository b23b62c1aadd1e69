import { UsersClient } from 'magistrala-users';
import { createFakeUsersService } from 'magistrala-users/testing';
import { mswHandlers } from 'magistrala-users/testing/msw';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../support/msw.ts';

describe('mswHandlers(service) from magistrala-users/testing/msw', () => {
  it('routes requests to the base URL through msw to the fake', async () => {
    const service = createFakeUsersService({ baseUrl: 'http://users.test' });
    server.use(...mswHandlers(service));
    const login = await fetch('http://users.test/users/tokens/issue', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin@example.com', password: '12345678' }),
    });
    const unknown = await fetch('http://users.test/nowhere');
    expect(login.status).toBe(201);
    expect(await login.json()).toHaveProperty('refresh_token');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('404 page not found\n');
    expect(service.count('POST', '/users/tokens/issue')).toBe(1);
  });

  it('turns a dropped connection into a network error', async () => {
    const service = createFakeUsersService({ baseUrl: 'http://users.test' });
    server.use(...mswHandlers(service));
    service.fail({ path: '/health' }, { kind: 'drop' });
    await expect(fetch('http://users.test/health')).rejects.toThrow(TypeError);
  });

  it('handles only its own base URL, path prefix included', async () => {
    const service = createFakeUsersService({ baseUrl: 'http://gateway.test/users-api' });
    server.use(
      ...mswHandlers(service),
      http.all('*', () => HttpResponse.text('elsewhere', { status: 418 })),
    );
    const inside = await fetch('http://gateway.test/users-api/health');
    const outside = await fetch('http://gateway.test/other/health');
    const otherHost = await fetch('http://users.test/users-api/health');
    expect(inside.status).toBe(200);
    expect([outside.status, otherHost.status]).toEqual([418, 418]);
    expect(service.count()).toBe(1);
  });

  it('serves the base URL itself and passes query strings through', async () => {
    const service = createFakeUsersService({ baseUrl: 'http://gateway.test/users-api' });
    server.use(...mswHandlers(service));
    const base = await fetch('http://gateway.test/users-api');
    const withQuery = await fetch('http://gateway.test/users-api/health?x=1');
    expect(base.status).toBe(404);
    expect(withQuery.status).toBe(200);
    expect(service.requests.map((request) => request.path)).toEqual(['/', '/health']);
  });

  it('lets a UsersClient finish calls whose replies it discards (requestPasswordReset), as msw 2 hung them', async () => {
    const service = createFakeUsersService({ baseUrl: 'http://users.test' });
    server.use(...mswHandlers(service));
    const users = new UsersClient({ baseUrl: 'http://users.test' });
    await expect(users.requestPasswordReset('admin@example.com')).resolves.toBeUndefined();
    expect(service.outbox).toHaveLength(1);
  });
});

describe("a reply whose body is tee'd, as msw 2 tees every mocked reply", () => {
  it('does not hang a call that discards the reply body', async () => {
    const service = createFakeUsersService();
    const kept: Response[] = [];
    // What msw 2 does: it keeps a clone of the mocked reply, so the body the client gets is one branch of a tee.
    const teeing: typeof fetch = async (input, init) => {
      const reply = await service.fetch(input, init);
      kept.push(reply.clone());
      return reply;
    };
    const users = new UsersClient({ baseUrl: service.baseUrl, fetch: teeing });
    const outcome = await Promise.race([
      users.requestPasswordReset('admin@example.com').then(() => 'settled'),
      new Promise((resolve) => setTimeout(() => resolve('hung'), 2_000)),
    ]);
    expect(outcome).toBe('settled');
    expect(kept).toHaveLength(1);
  });
});
