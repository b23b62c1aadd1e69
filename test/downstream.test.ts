// Written as a downstream project writes its tests: only the package's public entry points.

import { NotFoundError, SessionExpiredError, UsersClient } from 'magistrala-users';
import { createFakeUsersService } from 'magistrala-users/testing';
import { mswHandlers } from 'magistrala-users/testing/msw';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('the test kit through fetch', () => {
  it('serves a whole user story to a client given its fetch', async () => {
    const service = createFakeUsersService();
    const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch });
    await users.login({ username: 'admin', password: '12345678' });
    const created = await users.create({
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      credentials: { username: 'ada', secret: 'analytical' },
    });
    await users.delete(created.id);
    await expect(users.get('no-such-user')).rejects.toBeInstanceOf(NotFoundError);
    expect(service.count('DELETE')).toBe(1);
    expect(service.requests.at(-1)?.path).toBe('/users/no-such-user');
  });

  it('lets a test end the session from the server side', async () => {
    const service = createFakeUsersService();
    const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch });
    await users.login({ username: 'admin', password: '12345678' });
    service.fail(
      { method: 'GET', path: '/users/profile' },
      { kind: 'status', status: 401, body: { message: 'x' } },
    );
    service.fail(
      { path: '/users/tokens/refresh' },
      { kind: 'status', status: 401, body: { message: 'revoked' } },
    );
    await expect(users.profile()).rejects.toBeInstanceOf(SessionExpiredError);
  });
});

describe('the test kit through msw', () => {
  const service = createFakeUsersService({ baseUrl: 'http://users.example.test/api' });
  const server = setupServer(...mswHandlers(service));
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => server.close());

  it('intercepts code that calls the global fetch', async () => {
    // The code under test knows nothing of the fake: it just talks HTTP.
    const reply = await fetch('http://users.example.test/api/users/tokens/issue', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: '12345678' }),
    });
    expect(reply.status).toBe(201);
    const { access_token } = (await reply.json()) as { access_token: string };
    expect(await service.verifyToken(access_token)).toMatchObject({ type: 0 });
  });

  it('serves a UsersClient that uses the global fetch, next to the test’s own handlers', async () => {
    server.use(http.get('http://users.example.test/api/health', () => HttpResponse.json({ status: 'fail' })));
    const users = new UsersClient({ baseUrl: 'http://users.example.test/api' });
    await users.login({ username: 'admin@example.com', password: '12345678' });
    await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
    await expect(users.health()).resolves.toMatchObject({ status: 'fail' });
  });
});
