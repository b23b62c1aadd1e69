import { describe, expect, it, vi } from 'vitest';
import { UsersClient } from '../src/index.ts';
import { createFakeUsersService, seededAdmin } from '../src/testing/index.ts';

// The session reads a token's claims (exp, iat, jti) to plan refreshes; counting the decodes shows whether it reads
// them once per token or on every request.
const decodes = vi.hoisted(() => [] as unknown[]);
vi.mock('jose/jwt/decode', async (importOriginal) => {
  const real = await importOriginal<typeof import('jose/jwt/decode')>();
  return {
    decodeJwt: (token: string) => {
      decodes.push(token);
      return real.decodeJwt(token);
    },
  };
});

describe('token claims', () => {
  it('are decoded once per token, not on every request', async () => {
    const fake = createFakeUsersService();
    const users = new UsersClient({ baseUrl: fake.baseUrl, fetch: fake.fetch, retry: 0 });
    const pair = await users.login({ username: seededAdmin.username, password: seededAdmin.password });
    for (let call = 0; call < 5; call++) await users.profile();
    expect(fake.count('GET', '/users/profile')).toBe(5);
    const accessDecodes = decodes.filter((token) => token === pair.access_token).length;
    expect(accessDecodes).toBe(1);
  });

  it('still follow a new token after a refresh', async () => {
    const fake = createFakeUsersService();
    const users = new UsersClient({ baseUrl: fake.baseUrl, fetch: fake.fetch, retry: 0 });
    const first = await users.login({ username: seededAdmin.username, password: seededAdmin.password });
    await users.profile();
    const second = await users.refresh();
    await users.profile();
    expect(second.access_token).not.toBe(first.access_token);
    // The request after the refresh carried the new token: its claims were read, not the old token's.
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${second.access_token}`);
    expect(decodes).toContain(second.access_token);
  });
});
