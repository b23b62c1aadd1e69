import { describe, expect, it } from 'vitest';
import { UsersClient } from '../src/index.ts';
import { createFakeUsersService, seededAdmin } from '../src/testing/index.ts';

/** Call options whose `timeout` is a getter that counts how often it is read. */
function counted(timeout: number) {
  const reads = { timeout: 0 };
  const options = {
    get timeout() {
      reads.timeout++;
      return timeout;
    },
  };
  return { options, reads };
}

describe('call options are read once', () => {
  it.each(['logout', 'refresh', 'profile'] as const)(
    'by %s, however many layers pass them on',
    async (method) => {
      const service = createFakeUsersService();
      const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch });
      await users.login({ username: seededAdmin.username, password: seededAdmin.password });
      const { options, reads } = counted(5_000);
      await users[method](options);
      expect(reads.timeout).toBe(1);
      // The call went through: the options reached the request they were read for.
      const sent = {
        logout: ['POST', '/users/tokens/revoke'],
        refresh: ['POST', '/users/tokens/refresh'],
        profile: ['GET', '/users/profile'],
      } as const;
      expect(service.count(...sent[method])).toBe(1);
    },
  );
});
