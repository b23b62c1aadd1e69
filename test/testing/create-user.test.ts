import { createFakeUsersService } from 'magistrala-users/testing';
import { describe, expect, it } from 'vitest';
import { adminToken, createUser, newUserBody, send, signUp, type WireUser } from './helpers.ts';

const zeroTime = '0001-01-01T00:00:00Z';

describe('POST /users', () => {
  it('creates a user with 201, a Location header and the full user without the secret', async () => {
    const service = createFakeUsersService({ now: () => Date.UTC(2026, 0, 2, 3, 4, 5, 120) });
    const reply = await send<WireUser>(service, 'POST', '/users', {
      body: newUserBody({
        first_name: 'Ada',
        email: 'ada@example.com',
        credentials: { username: 'ada', secret: 'correct horse' },
        tags: ['lab'],
        metadata: { team: 'a' },
        private_metadata: { note: 'x' },
        profile_picture: 'https://example.com/ada.png',
      }),
    });
    expect(reply.status).toBe(201);
    expect(reply.headers.get('Location')).toBe(`/users/${reply.json.id}`);
    expect(reply.headers.get('Content-Type')).toBe('application/json');
    expect(reply.json).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      first_name: 'Ada',
      last_name: 'Doe',
      email: 'ada@example.com',
      credentials: { username: 'ada' },
      tags: ['lab'],
      metadata: { team: 'a' },
      private_metadata: { note: 'x' },
      profile_picture: 'https://example.com/ada.png',
      status: 'enabled',
      role: 'user',
      created_at: '2026-01-02T03:04:05.12Z',
      updated_at: zeroTime,
      verified_at: zeroTime,
    });
  });

  it('omits empty tags and metadata from the reply', async () => {
    const service = createFakeUsersService();
    const user = await createUser(service, { tags: [], metadata: {} });
    expect(user).not.toHaveProperty('tags');
    expect(user).not.toHaveProperty('metadata');
    expect(user).not.toHaveProperty('private_metadata');
    expect(user).not.toHaveProperty('profile_picture');
  });

  it.each([
    ['a name longer than 1024 bytes', { first_name: 'é'.repeat(513) }, 'invalid name size'],
    ['an empty first name', { first_name: '' }, 'missing first name'],
    ['an empty last name', { last_name: '' }, 'missing last name'],
    ['an empty username', { credentials: { username: '', secret: '12345678' } }, 'missing username'],
    ['a username with --', { credentials: { username: 'a--b', secret: '12345678' } }, 'invalid username'],
    [
      'a username starting with _',
      { credentials: { username: '_ab', secret: '12345678' } },
      'invalid username',
    ],
    [
      'a 33-character username',
      { credentials: { username: 'a'.repeat(33), secret: '12345678' } },
      'invalid username',
    ],
    ['an email as username', { credentials: { username: 'a@b.io', secret: '12345678' } }, 'invalid username'],
    ['an empty email', { email: '' }, 'missing email'],
    ['an unparsable email', { email: 'not-an-email' }, 'invalid email'],
    ['an empty password', { credentials: { username: 'pw', secret: '' } }, 'missing password'],
    [
      'a short password',
      { credentials: { username: 'pw', secret: '1234567' } },
      'password does not meet the requirements',
    ],
    ['status all', { status: 'all' }, 'invalid status'],
    ['status deleted', { status: 'deleted' }, 'invalid status'],
    ['an unknown status', { status: 'frozen' }, 'invalid status'],
    ['role all', { role: 'all' }, 'invalid client role'],
    ['an unknown role', { role: 'root' }, 'invalid client role'],
    ['a picture URL with a bad escape', { profile_picture: 'https://x/%zz' }, 'invalid profile picture url'],
    ['a non-string name', { first_name: 42 }, 'request body is not a valid JSON, expecting a valid JSON'],
  ])('rejects %s with 400 and the server message', async (_, overrides, message) => {
    const service = createFakeUsersService();
    const reply = await send(service, 'POST', '/users', { body: newUserBody(overrides) });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({ message });
  });

  it('checks names before the username, and an unknown status before anything else', async () => {
    const service = createFakeUsersService();
    const namesFirst = await send(service, 'POST', '/users', {
      body: newUserBody({ first_name: '', credentials: { username: '', secret: '' } }),
    });
    const statusFirst = await send(service, 'POST', '/users', {
      body: newUserBody({ first_name: '', status: 'frozen' }),
    });
    expect(namesFirst.json).toEqual({ message: 'missing first name' });
    expect(statusFirst.json).toEqual({ message: 'invalid status' });
  });

  it('accepts an email with a display name, as Go net/mail does', async () => {
    const service = createFakeUsersService();
    const user = await createUser(service, { email: 'Jane Doe <jane.display@example.com>' });
    expect(user.email).toBe('Jane Doe <jane.display@example.com>');
  });

  it('honours a custom password rule', async () => {
    const service = createFakeUsersService({ passwordPattern: /^\d{4}$/ });
    const weak = await send(service, 'POST', '/users', {
      body: newUserBody({ credentials: { username: 'pin', secret: '12345678' } }),
    });
    const fine = await send(service, 'POST', '/users', {
      body: newUserBody({ credentials: { username: 'pin', secret: '1234' } }),
    });
    expect(weak.json).toEqual({ message: 'password does not meet the requirements' });
    expect(fine.status).toBe(201);
  });

  it('rejects a taken email or username with 400, also when the holder is soft-deleted', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service, { email: 'taken@example.com' });
    await send(service, 'DELETE', `/users/${user.id}`, { token });
    const sameEmail = await send(service, 'POST', '/users', {
      body: newUserBody({ email: 'taken@example.com' }),
    });
    const sameUsername = await send(service, 'POST', '/users', {
      body: newUserBody({ credentials: { username: user.credentials.username, secret: '12345678' } }),
    });
    expect(sameEmail).toMatchObject({ status: 400, json: { message: 'email id already registered' } });
    expect(sameUsername).toMatchObject({ status: 400, json: { message: 'username not available' } });
  });

  it('answers 422 for names wider than the database column', async () => {
    const service = createFakeUsersService();
    const reply = await send(service, 'POST', '/users', {
      body: newUserBody({ last_name: 'x'.repeat(255) }),
    });
    expect(reply).toMatchObject({ status: 422, json: { message: 'failed to create entity' } });
  });

  it('lets a self-registering caller pick the admin role and a disabled status', async () => {
    const service = createFakeUsersService();
    const admin = await createUser(service, { role: 'admin', status: 'disabled' });
    expect(admin).toMatchObject({ role: 'admin', status: 'disabled' });
  });

  it('ignores id, created_at and verified_at in the body', async () => {
    const service = createFakeUsersService();
    const user = await createUser(service, {
      id: 'mine',
      created_at: '2020-01-01T00:00:00Z',
      verified_at: 'x',
    });
    expect(user.id).not.toBe('mine');
    expect(user.verified_at).toBe(zeroTime);
  });

  describe('with self-registration off', () => {
    it('needs a bearer token', async () => {
      const service = createFakeUsersService({ selfRegister: false });
      const reply = await send(service, 'POST', '/users', { body: newUserBody() });
      expect(reply).toMatchObject({ status: 401, json: { message: 'missing or invalid bearer user token' } });
    });

    it('answers 404 to a non-admin and creates for an admin', async () => {
      const service = createFakeUsersService({ selfRegister: false });
      const admin = await adminToken(service);
      const user = await createUser(service, {}, admin);
      const login = await send<{ access_token: string }>(service, 'POST', '/users/tokens/issue', {
        body: { username: user.credentials.username, password: '12345678' },
      });
      const byUser = await send(service, 'POST', '/users', {
        body: newUserBody(),
        token: login.json.access_token,
      });
      expect(user.role).toBe('user');
      expect(byUser).toMatchObject({ status: 404, json: { message: 'entity not found' } });
    });
  });
});
