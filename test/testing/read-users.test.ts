import { createFakeUsersService } from 'magistrala-users/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  adminToken,
  createUser,
  manualClock,
  send,
  signUp,
  type WirePage,
  type WireUser,
} from './helpers.ts';

const zeroTime = '0001-01-01T00:00:00Z';

describe('GET /users/{id} and /users/profile', () => {
  it('shows the full user, private metadata included, to the user itself and to an admin', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service, {
      private_metadata: { secret: 'no' },
      profile_picture: 'p.png',
    });
    const self = await send<WireUser>(service, 'GET', `/users/${user.id}`, { token });
    const byAdmin = await send<WireUser>(service, 'GET', `/users/${user.id}`, {
      token: await adminToken(service),
    });
    expect(self.status).toBe(200);
    expect(self.json).toEqual(user);
    expect(byAdmin.json).toEqual(user);
    expect(self.json.credentials).toEqual({ username: user.credentials.username });
  });

  it('shows another user a reduced view with zero values', async () => {
    const service = createFakeUsersService();
    const target = await createUser(service, { metadata: { team: 'a' }, tags: ['t'], first_name: 'Ann' });
    const { token } = await signUp(service);
    const reply = await send(service, 'GET', `/users/${target.id}`, { token });
    expect(reply.json).toEqual({
      id: target.id,
      first_name: 'Ann',
      last_name: 'Doe',
      credentials: { username: target.credentials.username },
      metadata: { team: 'a' },
      status: 'enabled',
      role: 'user',
      created_at: zeroTime,
      updated_at: zeroTime,
      verified_at: zeroTime,
    });
  });

  it('answers 404 for an unknown id and still shows a soft-deleted user', async () => {
    const service = createFakeUsersService();
    const admin = await adminToken(service);
    const { user, token } = await signUp(service);
    await send(service, 'DELETE', `/users/${user.id}`, { token });
    const unknown = await send(service, 'GET', '/users/00000000-0000-0000-0000-000000000000', {
      token: admin,
    });
    const deleted = await send<WireUser>(service, 'GET', `/users/${user.id}`, { token: admin });
    expect(unknown).toMatchObject({ status: 404, json: { message: 'entity not found' } });
    expect(deleted.json.status).toBe('deleted');
  });

  it('returns the caller’s own full user from /users/profile', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service, { private_metadata: { a: 1 } });
    const reply = await send<WireUser>(service, 'GET', '/users/profile', { token });
    expect(reply.json).toEqual(user);
  });
});

describe('GET /users', () => {
  const clock = manualClock();
  let service: ReturnType<typeof createFakeUsersService>;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeEach(async () => {
    service = createFakeUsersService({ now: clock.now });
    admin = await adminToken(service);
    const people = [
      {
        first_name: 'Alice',
        last_name: 'Zed',
        tags: ['red', 'blue'],
        metadata: { team: 'x', level: { n: 1 } },
      },
      { first_name: 'Bob', last_name: 'Young', tags: ['red'], metadata: { team: 'y' } },
      { first_name: 'Carol', last_name: 'Xu', tags: ['blue'] },
    ];
    for (const person of people) {
      clock.advance(1_000);
      const name = person.first_name.toLowerCase();
      const user = await createUser(service, {
        ...person,
        email: `${name}@example.com`,
        credentials: { username: name, secret: '12345678' },
      });
      ids[name] = user.id;
    }
  });

  const list = (query: string) => send<WirePage>(service, 'GET', `/users${query}`, { token: admin });
  const names = (page: WirePage) => page.users.map((user) => user.credentials.username);

  it('lists enabled users of both roles, newest update first, without private metadata', async () => {
    const reply = await list('');
    expect(reply.status).toBe(200);
    expect(reply.json.total).toBe(4);
    expect(reply.json.limit).toBe(10);
    expect(reply.json).not.toHaveProperty('offset');
    expect(names(reply.json)).toEqual(['carol', 'bob', 'alice', 'admin']);
    expect(reply.json.users.some((user) => 'private_metadata' in user)).toBe(false);
  });

  it('sorts by updated_at, falling back to created_at', async () => {
    clock.advance(1_000);
    await send(service, 'PATCH', `/users/${ids.alice}`, { token: admin, body: { first_name: 'Alicia' } });
    expect(names((await list('')).json)).toEqual(['alice', 'carol', 'bob', 'admin']);
  });

  it.each([
    ['?order=first_name&dir=asc', ['alice', 'bob', 'carol', 'admin']],
    ['?order=last_name&dir=asc', ['carol', 'bob', 'alice', 'admin']],
    ['?order=username&dir=desc', ['carol', 'bob', 'alice', 'admin']],
    ['?order=email&dir=asc', ['admin', 'alice', 'bob', 'carol']],
    ['?order=created_at&dir=asc', ['admin', 'alice', 'bob', 'carol']],
  ])('orders by %s', async (query, expected) => {
    expect(names((await list(query)).json)).toEqual(expected);
  });

  it('pages with limit and offset and reports both when not 0', async () => {
    const reply = await list('?limit=2&offset=1&order=created_at&dir=asc');
    expect(reply.json).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(names(reply.json)).toEqual(['alice', 'bob']);
  });

  it.each([
    ['?tags=red', ['alice', 'bob']],
    ['?tags=red,blue', ['alice', 'bob', 'carol']],
    ['?tags=red%2Bblue', ['alice']],
    ['?username=AL', ['alice']],
    ['?email=example.com&first_name=o', ['bob', 'carol']],
    ['?last_name=u', ['bob', 'carol']],
    ['?first_name=b_b', ['bob']],
    ['?metadata=%7B%22team%22%3A%22x%22%7D', ['alice']],
    ['?metadata=%7B%22level%22%3A%7B%22n%22%3A1%7D%7D', ['alice']],
  ])('filters with %s', async (query, expected) => {
    const reply = await list(`${query}&order=username&dir=asc`);
    expect(names(reply.json)).toEqual(expected);
    expect(reply.json.total).toBe(expected.length);
  });

  it('filters by id substring, case-insensitively', async () => {
    const id = ids.bob ?? '';
    expect(names((await list(`?id=${id.slice(4, 12).toUpperCase()}`)).json)).toEqual(['bob']);
  });

  it('filters by creation time with inclusive bounds', async () => {
    const start = new Date(clock.now() - 2_000).toISOString();
    const end = new Date(clock.now() - 1_000).toISOString();
    const reply = await list(`?created_from=${start}&created_to=${end}&order=username&dir=asc`);
    expect(names(reply.json)).toEqual(['alice', 'bob']);
  });

  it('filters by status, all included', async () => {
    await send(service, 'POST', `/users/${ids.bob}/disable`, { token: admin });
    await send(service, 'DELETE', `/users/${ids.carol}`, { token: admin });
    const byStatus = async (status: string) =>
      names((await list(`?status=${status}&order=username&dir=asc`)).json);
    expect(await byStatus('disabled')).toEqual(['bob']);
    expect(await byStatus('deleted')).toEqual(['carol']);
    expect(await byStatus('enabled')).toEqual(['admin', 'alice']);
    expect(await byStatus('all')).toEqual(['admin', 'alice', 'bob', 'carol']);
  });

  it('answers only the total with only_total', async () => {
    const reply = await list('?only_total=true');
    expect(reply.json).toEqual({ total: 4, limit: 10, users: [] });
  });

  it.each([
    ['?limit=0', 'invalid limit size'],
    ['?limit=101', 'invalid limit size'],
    ['?limit=abc', 'invalid query parameters'],
    ['?offset=-1', 'invalid query parameters'],
    ['?order=age', 'invalid list order provided'],
    ['?dir=up', 'invalid list direction provided'],
    ['?status=frozen', 'invalid status'],
    ['?metadata=%7Bbad', 'invalid query parameters'],
    ['?only_total=yes', 'invalid query parameters'],
    ['?created_from=yesterday', 'invalid query parameters'],
    ['?limit=5&limit=6', 'invalid query parameters'],
    ['?username=a&username=b', 'invalid query parameters'],
  ])('answers 400 for %s', async (query, message) => {
    expect(await list(query)).toMatchObject({ status: 400, json: { message } });
  });

  it('ignores unknown and repeated unknown parameters', async () => {
    const reply = await list('?with_metadata=false&identity=a&identity=b');
    expect(reply.json.total).toBe(4);
  });

  it('answers 404 to a non-admin, after validating the query', async () => {
    const { token } = await signUp(service);
    const valid = await send(service, 'GET', '/users', { token });
    const invalid = await send(service, 'GET', '/users?limit=0', { token });
    expect(valid).toMatchObject({ status: 404, json: { message: 'entity not found' } });
    expect(invalid.status).toBe(400);
  });
});

describe('GET /users/search', () => {
  it('finds enabled non-admin users only, in the reduced search shape', async () => {
    const clock = manualClock();
    const service = createFakeUsersService({ now: clock.now });
    const { user, token } = await signUp(service, {
      first_name: 'Searcher',
      credentials: { username: 'searcher', secret: '12345678' },
      metadata: { a: 1 },
    });
    const hidden = await createUser(service, { credentials: { username: 'searchoff', secret: '12345678' } });
    await createUser(service, {
      role: 'admin',
      credentials: { username: 'searchadmin', secret: '12345678' },
    });
    await send(service, 'POST', `/users/${hidden.id}/disable`, { token: await adminToken(service) });
    const reply = await send<WirePage>(service, 'GET', '/users/search?username=search', { token });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      total: 1,
      limit: 10,
      users: [
        {
          id: user.id,
          first_name: 'Searcher',
          last_name: 'Doe',
          credentials: { username: 'searcher' },
          metadata: { a: 1 },
          status: 'enabled',
          role: 'user',
          created_at: user.created_at,
          updated_at: zeroTime,
          verified_at: zeroTime,
        },
      ],
    });
  });

  it('matches first and last names and ids, and combines filters', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service, { first_name: 'Grace', last_name: 'Hopper' });
    const search = (query: string) => send<WirePage>(service, 'GET', `/users/search?${query}`, { token });
    expect((await search('first_name=grac')).json.total).toBe(1);
    expect((await search('last_name=HOP')).json.total).toBe(1);
    expect((await search(`id=${user.id.slice(0, 8)}`)).json.total).toBe(1);
    expect((await search('first_name=grace&last_name=nope')).json.total).toBe(0);
  });

  it('has no limit range check', async () => {
    const service = createFakeUsersService();
    const { token } = await signUp(service, { first_name: 'Limitless' });
    const big = await send<WirePage>(service, 'GET', '/users/search?first_name=limit&limit=500', { token });
    const zero = await send<WirePage>(service, 'GET', '/users/search?first_name=limit&limit=0', { token });
    expect(big.json).toMatchObject({ total: 1, limit: 500 });
    expect(zero.json).toEqual({ total: 1, users: [] });
  });

  it.each([
    ['', 'search query must not be empty'],
    ['limit=5', 'search query must not be empty'],
    ['email=a@example.com', 'search query must not be empty'],
    ['username=ab', 'something went wrong with the request'],
    ['id=ab', 'something went wrong with the request'],
    ['username=abc&username=abd', 'invalid query parameters'],
  ])('answers 400 for "%s"', async (query, message) => {
    const service = createFakeUsersService();
    const { token } = await signUp(service);
    const reply = await send(service, 'GET', `/users/search?${query}`, { token });
    expect(reply).toMatchObject({ status: 400, json: { message } });
  });

  it('falls back to the defaults for unknown order and dir', async () => {
    const service = createFakeUsersService();
    const { token } = await signUp(service, { first_name: 'Orderly' });
    const reply = await send(service, 'GET', '/users/search?first_name=order&order=age&dir=up', { token });
    expect(reply.status).toBe(200);
  });
});
