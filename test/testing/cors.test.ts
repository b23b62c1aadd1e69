import { UsersClient } from 'magistrala-users';
import { createFakeUsersService, type LoopbackServer } from 'magistrala-users/testing';
import { afterEach, describe, expect, it } from 'vitest';

let running: LoopbackServer | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

const page = 'http://localhost:5173';

function preflight(url: string, origin: string, headers = 'authorization,content-type'): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'PATCH',
      'Access-Control-Request-Headers': headers,
    },
  });
}

describe('listen({ cors })', () => {
  it('answers a browser preflight with 204 and the Allow-* headers the SDK needs', async () => {
    const service = createFakeUsersService();
    running = await service.listen({ cors: true });
    const reply = await preflight(`${running.url}/users/42/tags`, page, 'authorization,content-type,x-trace');
    expect(reply.status).toBe(204);
    expect(reply.headers.get('access-control-allow-origin')).toBe(page);
    expect(reply.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, PATCH, DELETE');
    expect(reply.headers.get('access-control-allow-headers')).toBe(
      'Authorization, Content-Type, X-Request-ID, x-trace',
    );
    expect(reply.headers.get('access-control-max-age')).toBe('600');
    expect(reply.headers.get('vary')).toContain('Origin');
    // A preflight is the transport's business: the service never sees it.
    expect(service.count()).toBe(0);
  });

  it('marks replies to an allowed origin readable, errors included, and exposes Retry-After', async () => {
    const service = createFakeUsersService();
    running = await service.listen({ cors: true });
    const ok = await fetch(`${running.url}/health`, { headers: { Origin: page } });
    const denied = await fetch(`${running.url}/users/profile`, { headers: { Origin: page } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(page);
    expect(ok.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(page);
    expect(await denied.json()).toEqual({ message: 'missing or invalid bearer user token' });
  });

  it('serves a UsersClient whose requests carry an Origin, as a browser page would', async () => {
    const service = createFakeUsersService();
    running = await service.listen({ cors: [page] });
    const replies: Array<[string, number, string | null, string | null]> = [];
    const users = new UsersClient({
      baseUrl: running.url,
      headers: { Origin: page },
      hooks: {
        afterResponse: [
          ({ request, response }) =>
            void replies.push([
              `${request.method} ${new URL(request.url).pathname}`,
              response.status,
              response.headers.get('access-control-allow-origin'),
              response.headers.get('access-control-expose-headers'),
            ]),
        ],
      },
    });
    await users.login({ username: 'admin', password: '12345678' });
    await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
    // Every reply the client read says a page on that origin may read it, as a browser would demand.
    expect(replies).toEqual([
      ['POST /users/tokens/issue', 201, page, 'Retry-After'],
      ['GET /users/profile', 200, page, 'Retry-After'],
    ]);
    // And the service saw the Origin on each request.
    expect(service.requests.map((request) => [request.path, request.headers.origin])).toEqual([
      ['/users/tokens/issue', page],
      ['/users/profile', page],
    ]);
  });

  it('with a list of origins, treats any other origin as if CORS were off', async () => {
    const service = createFakeUsersService();
    running = await service.listen({ cors: [page] });
    const stranger = await preflight(`${running.url}/users`, 'http://evil.test');
    const plain = await fetch(`${running.url}/health`, { headers: { Origin: 'http://evil.test' } });
    expect(stranger.status).toBe(405);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is off by default, like the users service: a preflight gets 405 and replies no CORS headers', async () => {
    const service = createFakeUsersService();
    running = await service.listen();
    const reply = await preflight(`${running.url}/users`, page);
    const health = await fetch(`${running.url}/health`, { headers: { Origin: page } });
    expect(reply.status).toBe(405);
    expect(health.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('still takes a bare port number', async () => {
    const service = createFakeUsersService();
    running = await service.listen(0);
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
  });
});
