import { describe, expect, it } from 'vitest';
import { UsersClient } from '../src/index.ts';
import { createFakeUsersService, seededAdmin } from '../src/testing/index.ts';

// A success normally reaches ky with its body already read and kept aside; these pin that the app's hooks, which
// see the response, still get the body, and that a response a hook returns is the one parsed.
describe('ky hooks that look at responses', () => {
  async function signedIn(hooks: ConstructorParameters<typeof UsersClient>[0]['hooks']) {
    const service = createFakeUsersService();
    const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch, hooks });
    await users.login({ username: seededAdmin.username, password: seededAdmin.password });
    return { service, users };
  }

  it('an afterResponse hook reads the body of a success, and the call still resolves with it', async () => {
    const bodies: unknown[] = [];
    const { users } = await signedIn({
      afterResponse: [async ({ response }) => void bodies.push(await response.json())],
    });
    const me = await users.profile();
    expect(me.credentials?.username).toBe(seededAdmin.username);
    expect(bodies.at(-1)).toMatchObject({ id: me.id, credentials: { username: seededAdmin.username } });
  });

  it('a Response an afterResponse hook returns is the reply that is parsed', async () => {
    const { users } = await signedIn({
      afterResponse: [
        async ({ response }) => {
          const body = (await response.json()) as Record<string, unknown>;
          return Response.json({ ...body, first_name: 'Rewritten' }, { status: response.status });
        },
      ],
    });
    expect((await users.profile()).first_name).toBe('Rewritten');
  });

  it('without hooks, a success body kept aside for the parse is the whole of it (a 61-user page)', async () => {
    const service = createFakeUsersService();
    const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch });
    await users.login({ username: seededAdmin.username, password: seededAdmin.password });
    for (let n = 0; n < 60; n++) {
      await users.create({
        first_name: `F${n}`,
        last_name: 'L',
        email: `u${n}@example.com`,
        credentials: { username: `user${n}`, secret: '12345678' },
      });
    }
    const page = await users.list({ limit: 100 });
    expect(page.users.length).toBe(61);
    expect(new Set(page.users.map((user) => user.id)).size).toBe(61);
  });
});
