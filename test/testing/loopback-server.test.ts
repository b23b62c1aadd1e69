import { createFakeUsersService, type LoopbackServer } from 'magistrala-users/testing';
import { afterEach, describe, expect, it } from 'vitest';

let running: LoopbackServer | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('listen()', () => {
  it('serves the fake over real HTTP on 127.0.0.1 for the global fetch', async () => {
    const service = createFakeUsersService();
    running = await service.listen();
    const login = await fetch(`${running.url}/users/tokens/issue`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: '12345678' }),
    });
    const { access_token } = (await login.json()) as { access_token: string };
    const profile = await fetch(`${running.url}/users/profile`, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(login.status).toBe(201);
    expect(profile.status).toBe(200);
    expect(profile.headers.get('content-type')).toBe('application/json');
    expect(await profile.json()).toMatchObject({ credentials: { username: 'admin' } });
    expect(service.requests[0]?.json).toEqual({ username: 'admin', password: '12345678' });
  });

  it('sends empty replies without a body', async () => {
    const service = createFakeUsersService();
    running = await service.listen();
    const reply = await fetch(`${running.url}/users/tokens/revoke`, { method: 'POST' });
    expect(reply.status).toBe(401);
    expect(await reply.json()).toEqual({ message: 'missing or invalid bearer user token' });
  });

  it('destroys the socket for a dropped connection, so fetch rejects', async () => {
    const service = createFakeUsersService();
    running = await service.listen();
    service.fail({ path: '/health' }, { kind: 'drop' });
    await expect(fetch(`${running.url}/health`)).rejects.toThrow(TypeError);
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
  });

  it('keeps the base URL path prefix in its URL', async () => {
    const service = createFakeUsersService({ baseUrl: 'http://localhost:9002/api/users' });
    running = await service.listen();
    const reply = await fetch(`${running.url}/health`);
    expect(running.url).toMatch(/\/api\/users$/);
    expect(reply.status).toBe(200);
  });

  it('stops accepting connections after close()', async () => {
    const service = createFakeUsersService();
    const server = await service.listen();
    await fetch(`${server.url}/health`);
    await server.close();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow(TypeError);
  });
});
