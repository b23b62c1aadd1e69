/**
 * Both sides of every input rule: what the server accepts passes the SDK's validation AND the fake; what it refuses
 * is refused by both (the SDK before sending anything). A few inputs the SDK lets through on purpose so the server
 * can answer: those are sent, and the fake refuses them as the server does. Each rule cites where it comes from.
 */
import { InputValidationError, UsersClient } from 'magistrala-users';
import { createFakeUsersService, type FakeUsersService, seededAdmin } from 'magistrala-users/testing';
import { describe, expect, it } from 'vitest';
import { adminToken, createUser, newUserBody, send } from './helpers.ts';

async function adminClient(service: FakeUsersService): Promise<UsersClient> {
  const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch, retry: 0 });
  await users.login({ username: seededAdmin.username, password: seededAdmin.password });
  return users;
}

/** Runs `call` and reports whether the SDK refused it before sending, and the status the fake answered otherwise. */
async function outcome(
  service: FakeUsersService,
  call: () => Promise<unknown>,
): Promise<number | 'refused by SDK'> {
  const before = service.requests.length;
  try {
    await call();
    return 200;
  } catch (error) {
    if (error instanceof InputValidationError) {
      expect(service.requests.length).toBe(before);
      return 'refused by SDK';
    }
    const status = (error as { status?: number }).status;
    if (typeof status !== 'number') throw error;
    return status;
  }
}

describe('updateUsername: not empty, at most 1024 UTF-8 bytes, no create pattern (api-contract.md §2 username row; users/api/requests.go:232-244)', () => {
  it.each([
    ['an email-like name', 'a@b.co'],
    ['a name with a space', 'jane doe'],
    ['33 characters', 'a'.repeat(33)],
    ['a leading dash and a double underscore', '-jane__doe'],
    ['non-ASCII', 'jané'],
  ])('accepts %s in the SDK and in the fake', async (_what, username) => {
    const service = createFakeUsersService();
    const users = await adminClient(service);
    const user = await createUser(service);
    expect(await outcome(service, () => users.updateUsername(user.id, username))).toBe(200);
    await expect(users.get(user.id)).resolves.toMatchObject({ credentials: { username } });
  });

  it('passes a 1024-byte name to the server, whose validator takes it too (the 254-character column then fails: 422)', async () => {
    const service = createFakeUsersService();
    const users = await adminClient(service);
    expect(await outcome(service, () => users.updateUsername('x-1', 'a'.repeat(1024)))).toBe(404);
    const user = await createUser(service);
    expect(await outcome(service, () => users.updateUsername(user.id, 'a'.repeat(1024)))).toBe(422);
  });

  it.each([
    ['empty', '', { message: 'missing username' }],
    ['1026 bytes in 513 characters', 'é'.repeat(513), { message: 'invalid name size' }],
  ])('refuses %s in the SDK and in the fake', async (_what, username, reply) => {
    const service = createFakeUsersService();
    const users = await adminClient(service);
    const user = await createUser(service);
    expect(await outcome(service, () => users.updateUsername(user.id, username))).toBe('refused by SDK');
    const token = await adminToken(service);
    const raw = await send(service, 'PATCH', `/users/${user.id}/username`, { token, body: { username } });
    expect([raw.status, raw.json]).toEqual([400, reply]);
  });
});

describe('search: limit any unsigned integer, order/dir unchecked, username/id at least 3 UTF-8 bytes (api-contract.md §1.5; users/api/users.go:363-416)', () => {
  it.each([
    ['limit 0', { username: 'admin', limit: 0 }],
    ['limit 500', { username: 'jane', limit: 500 }],
    ['an unknown order', { username: 'jane', order: 'age' }],
    ['an unknown dir', { username: 'jane', dir: 'sideways' }],
    ['a 2-character, 3-byte username ("éa")', { username: 'éa' }],
    ['a 3-byte id', { id: 'abc' }],
  ])('accepts %s in the SDK and in the fake', async (_what, params) => {
    const service = createFakeUsersService();
    const users = await adminClient(service);
    expect(await outcome(service, () => users.search(params))).toBe(200);
  });

  it.each([
    ['a 2-byte username', { username: 'ab' }, 'username=ab'],
    ['a 2-byte id', { id: 'ab' }, 'id=ab'],
    ['no filter', {}, 'limit=5'],
    ['a negative limit', { username: 'jane', limit: -1 }, 'username=jane&limit=-1'],
    ['a fractional offset', { username: 'jane', offset: 1.5 }, 'username=jane&offset=1.5'],
  ])('refuses %s in the SDK and in the fake', async (_what, params, query) => {
    const service = createFakeUsersService();
    const users = await adminClient(service);
    expect(await outcome(service, () => users.search(params))).toBe('refused by SDK');
    const raw = await send(service, 'GET', `/users/search?${query}`, { token: await adminToken(service) });
    expect(raw.status).toBe(400);
  });
});

describe('create names: not empty, at most 1024 UTF-8 bytes (api-contract.md §2 Create 1–2; users/api/requests.go:22-69)', () => {
  it('refuses a 513-character name of 1026 bytes in the SDK (characters were counted before) and in the fake', async () => {
    const service = createFakeUsersService();
    const users = await adminClient(service);
    const input = { first_name: 'é'.repeat(513), last_name: 'Doe', email: 'e@example.com' };
    const credentials = { username: 'jane513', secret: '12345678' };
    expect(await outcome(service, () => users.create({ ...input, credentials }))).toBe('refused by SDK');
    const raw = await send(service, 'POST', '/users', { body: newUserBody({ first_name: 'é'.repeat(513) }) });
    expect([raw.status, raw.json]).toEqual([400, { message: 'invalid name size' }]);
  });

  it('passes a 1024-byte name to the server, whose validator takes it (the 254-character column then fails: 422)', async () => {
    const service = createFakeUsersService();
    const users = await adminClient(service);
    const input = { first_name: 'a'.repeat(1024), last_name: 'Doe', email: 'long@example.com' };
    const credentials = { username: 'janelong', secret: '12345678' };
    expect(await outcome(service, () => users.create({ ...input, credentials }))).toBe(422);
  });
});

describe('email: what Go net/mail.ParseAddress accepts (api-contract.md §2 Create 6 and email row; users/api/requests.go)', () => {
  const valid = [
    'jane@example.com',
    'Jane Doe <jane@example.com>',
    '"jane doe"@example.com',
    '<jane@example.com>',
    'jane@example.com (Jane Doe)',
    'jane.q.public+tag@example.co.uk',
    'josé@exämple.com',
    'jane@[192.0.2.1]',
  ];
  it.each(valid)('accepts %s in create and updateEmail, in the SDK and in the fake', async (email) => {
    const service = createFakeUsersService();
    const users = await adminClient(service);
    const credentials = { username: 'jane', secret: '12345678' };
    const created = await users.create({ first_name: 'Jane', last_name: 'Doe', email, credentials });
    expect(created.email).toBe(email);
    const elsewhere = createFakeUsersService();
    const admin = await adminClient(elsewhere);
    const other = await createUser(elsewhere);
    expect(await outcome(elsewhere, () => admin.updateEmail(other.id, email))).toBe(200);
  });

  it.each(['', 'janedoe', '@example.com', 'jane@'])(
    'refuses %j in the SDK and in the fake',
    async (email) => {
      const service = createFakeUsersService();
      const users = await adminClient(service);
      const user = await createUser(service);
      expect(await outcome(service, () => users.updateEmail(user.id, email))).toBe('refused by SDK');
      const raw = await send(service, 'PATCH', `/users/${user.id}/email`, {
        token: await adminToken(service),
        body: { email },
      });
      expect([raw.status, raw.json]).toEqual([400, { message: 'invalid email' }]);
    },
  );

  it.each(['jane@@example.com', 'jane doe@example.com', 'Jane <jane@example.com'])(
    'lets %j through to the server, which answers 400 invalid email',
    async (email) => {
      const service = createFakeUsersService();
      const users = await adminClient(service);
      const user = await createUser(service);
      expect(await outcome(service, () => users.updateEmail(user.id, email))).toBe(400);
    },
  );

  it('makes no format check for requestPasswordReset, as the server makes none: an unknown address is 404', async () => {
    const service = createFakeUsersService();
    const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch, retry: 0 });
    expect(await outcome(service, () => users.requestPasswordReset('janedoe'))).toBe(404);
    expect(await outcome(service, () => users.requestPasswordReset(''))).toBe('refused by SDK');
    const raw = await send(service, 'POST', '/password/reset-request', { body: { email: '' } });
    expect([raw.status, raw.json]).toEqual([400, { message: 'missing email' }]);
  });
});

describe('update and picture: no checks beyond the path id (api-contract.md §2 update (#12) and picture rows)', () => {
  it('accepts an empty update and empty names in the SDK and in the fake, which changes nothing', async () => {
    const service = createFakeUsersService();
    const users = await adminClient(service);
    const user = await createUser(service);
    expect(await outcome(service, () => users.update(user.id, {}))).toBe(200);
    expect(await outcome(service, () => users.update(user.id, { first_name: '', last_name: '' }))).toBe(200);
    await expect(users.get(user.id)).resolves.toMatchObject({ first_name: 'Jane', last_name: 'Doe' });
  });

  it('accepts an empty picture URL, and lets an unparsable one through to the server, which answers 400', async () => {
    const service = createFakeUsersService();
    const users = await adminClient(service);
    const user = await createUser(service);
    expect(await outcome(service, () => users.updateProfilePicture(user.id, ''))).toBe(200);
    expect(await outcome(service, () => users.updateProfilePicture(user.id, '%zz'))).toBe(400);
  });
});
