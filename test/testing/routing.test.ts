import { createFakeUsersService } from 'magistrala-users/testing';
import { describe, expect, it } from 'vitest';
import { adminToken, send } from './helpers.ts';

describe('routing', () => {
  it('answers GET /health with application/health+json', async () => {
    const service = createFakeUsersService();
    const reply = await send(service, 'GET', '/health');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('Content-Type')).toBe('application/health+json');
    expect(reply.json).toEqual({
      status: 'pass',
      version: expect.any(String),
      commit: expect.any(String),
      description: 'users service',
      build_time: expect.any(String),
      instance_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('answers an unknown path with a plain-text 404', async () => {
    const service = createFakeUsersService();
    const reply = await send(service, 'GET', '/things');
    expect(reply.status).toBe(404);
    expect(reply.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(reply.text).toBe('404 page not found\n');
  });

  it('answers a known path with another method with an empty 405 and Allow', async () => {
    const service = createFakeUsersService();
    const reply = await send(service, 'PUT', '/users/some-id');
    expect(reply.status).toBe(405);
    expect(reply.headers.get('Allow')).toBe('GET, PATCH, DELETE');
    expect(reply.text).toBe('');
  });

  it('prefers static routes over /users/{id}', async () => {
    const service = createFakeUsersService();
    const token = await adminToken(service);
    const profile = await send(service, 'GET', '/users/profile', { token });
    const search = await send(service, 'GET', '/users/search', { token });
    expect(profile.json).toMatchObject({ credentials: { username: 'admin' } });
    expect(search.json).toEqual({ message: 'search query must not be empty' });
  });

  it('serves under the path prefix of its base URL, and only there', async () => {
    const service = createFakeUsersService({ baseUrl: 'http://gateway.test/api/users/' });
    const inside = await service.fetch('http://gateway.test/api/users/health');
    const outside = await service.fetch('http://gateway.test/health');
    expect(service.baseUrl).toBe('http://gateway.test/api/users');
    expect(inside.status).toBe(200);
    expect(outside.status).toBe(404);
    expect(service.requests.map((request) => request.path)).toEqual(['/health', '/health']);
  });

  it('resolves relative URLs in fetch against the base URL', async () => {
    const service = createFakeUsersService();
    const reply = await service.fetch('/health');
    expect(reply.status).toBe(200);
    expect(service.requests[0]?.url).toBe('http://localhost:9002/health');
  });

  it('accepts a Request object in fetch', async () => {
    const service = createFakeUsersService();
    const reply = await service.fetch(new Request('http://localhost:9002/health'));
    expect(reply.status).toBe(200);
  });

  it('labels error bodies and empty replies as JSON, as the server does', async () => {
    const service = createFakeUsersService();
    const token = await adminToken(service);
    const error = await send(service, 'GET', '/users/nobody', { token });
    const empty = await send(service, 'POST', '/users/tokens/revoke', { token, body: { token_id: 'x' } });
    expect(error.headers.get('Content-Type')).toBe('application/json');
    expect(error.text).toBe('{"message":"entity not found"}\n');
    expect(empty.headers.get('Content-Type')).toBe('application/json');
  });
});
