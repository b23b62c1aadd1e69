import { createFakeUsersService } from 'magistrala-users/testing';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../support/msw.ts';

describe('service.handlers', () => {
  it('routes requests to the base URL through msw to the fake', async () => {
    const service = createFakeUsersService({ baseUrl: 'http://users.test' });
    server.use(...service.handlers);
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
    server.use(...service.handlers);
    service.fail({ path: '/health' }, { kind: 'drop' });
    await expect(fetch('http://users.test/health')).rejects.toThrow(TypeError);
  });

  it('handles only its own base URL, path prefix included', async () => {
    const service = createFakeUsersService({ baseUrl: 'http://gateway.test/users-api' });
    server.use(
      ...service.handlers,
      http.all('*', () => HttpResponse.text('elsewhere', { status: 418 })),
    );
    const inside = await fetch('http://gateway.test/users-api/health');
    const outside = await fetch('http://gateway.test/other/health');
    const otherHost = await fetch('http://users.test/users-api/health');
    expect(inside.status).toBe(200);
    expect([outside.status, otherHost.status]).toEqual([418, 418]);
    expect(service.count()).toBe(1);
  });

  it('returns the same handlers every time', () => {
    const service = createFakeUsersService();
    expect(service.handlers).toBe(service.handlers);
  });
});
