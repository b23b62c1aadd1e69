import { inspect } from 'node:util';
import { createFakeUsersService, type FakeUsersService } from 'magistrala-users/testing';
import { describe, expect, it } from 'vitest';
import { send } from './helpers.ts';

const password = 'Recorded-Secret-7';
const bearer = 'eyJhbGciOiJub25lIn0.e30.not-a-real-token';

/** A service that has logged one login (a password in the body) and one call with a bearer. */
async function serviceWithSecrets(): Promise<FakeUsersService> {
  const service = createFakeUsersService();
  await send(service, 'POST', '/users/tokens/issue', { body: { username: 'admin', password } });
  await send(service, 'GET', '/users/profile?limit=1', { token: bearer });
  return service;
}

describe('a recorded request printed or serialised', () => {
  it('serialises to JSON as its method and path only', async () => {
    const service = await serviceWithSecrets();
    expect(JSON.parse(JSON.stringify(service.requests))).toEqual([
      { method: 'POST', path: '/users/tokens/issue' },
      { method: 'GET', path: '/users/profile' },
    ]);
  });

  it('shows only its method and path to util.inspect and console.log', async () => {
    const service = await serviceWithSecrets();
    const printed = inspect(service.requests, { depth: 10, showHidden: true });
    expect(printed).toContain('RecordedRequest POST /users/tokens/issue');
    expect(printed).toContain('RecordedRequest GET /users/profile');
    expect(printed).not.toContain(password);
    expect(printed).not.toContain(bearer);
  });

  it('keeps a failing assertion on the request log free of the credentials it holds', async () => {
    const service = await serviceWithSecrets();
    let failure: unknown;
    try {
      expect(service.requests).toEqual([{ method: 'DELETE', path: '/users/profile' }]);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(Error);
    const report = `${inspect(failure, { depth: 10 })} ${JSON.stringify(failure)}`;
    expect(report).toContain('/users/tokens/issue');
    expect(report).not.toContain(password);
    expect(report).not.toContain(bearer);
  });

  it('still lets tests read and compare every field', async () => {
    const service = await serviceWithSecrets();
    const [login, profile] = service.requests;
    expect(login?.json).toEqual({ username: 'admin', password });
    expect(profile?.headers.authorization).toBe(`Bearer ${bearer}`);
    expect(profile).toEqual({
      method: 'GET',
      url: 'http://localhost:9002/users/profile?limit=1',
      path: '/users/profile',
      query: { limit: '1' },
      headers: { authorization: `Bearer ${bearer}` },
      body: '',
      json: undefined,
    });
    expect(Object.keys(profile ?? {})).toEqual(['method', 'url', 'path', 'query', 'headers', 'body', 'json']);
  });
});
