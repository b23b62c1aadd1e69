import { createFakeUsersService } from 'magistrala-users/testing';
import { describe, expect, it } from 'vitest';
import {
  adminToken,
  claimsOf,
  createUser,
  login,
  manualClock,
  send,
  signUp,
  type WireUser,
} from './helpers.ts';

const zeroTime = '0001-01-01T00:00:00Z';
const notFound = { message: 'entity not found' };

describe('PATCH /users/{id}', () => {
  it('replaces names and metadata, ignores empty names, and stamps updated_at and updated_by', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1));
    const service = createFakeUsersService({ now: clock.now });
    const { user, token } = await signUp(service, { metadata: { a: 1, b: 2 }, private_metadata: { p: 1 } });
    clock.advance(1_500);
    const reply = await send<WireUser>(service, 'PATCH', `/users/${user.id}`, {
      token,
      body: { first_name: 'Janet', last_name: '', metadata: { c: 3 } },
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      first_name: 'Janet',
      last_name: 'Doe',
      metadata: { c: 3 },
      private_metadata: { p: 1 },
      updated_at: '2026-01-01T00:00:01.5Z',
      updated_by: user.id,
    });
  });

  it('clears metadata with an empty object, which then drops out of the reply', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service, { metadata: { a: 1 } });
    const reply = await send<WireUser>(service, 'PATCH', `/users/${user.id}`, {
      token,
      body: { metadata: {} },
    });
    expect(reply.json).not.toHaveProperty('metadata');
  });

  it('answers 404 to a non-admin changing someone else, and lets an admin do it', async () => {
    const service = createFakeUsersService();
    const target = await createUser(service);
    const { token } = await signUp(service);
    const byUser = await send(service, 'PATCH', `/users/${target.id}`, { token, body: { first_name: 'X' } });
    const byAdmin = await send<WireUser>(service, 'PATCH', `/users/${target.id}`, {
      token: await adminToken(service),
      body: { first_name: 'X' },
    });
    expect(byUser).toMatchObject({ status: 404, json: notFound });
    expect(byAdmin.json.first_name).toBe('X');
  });

  it('rejects a malformed body with 400 before looking at whose user it is', async () => {
    const service = createFakeUsersService();
    const target = await createUser(service);
    const { token } = await signUp(service);
    const reply = await send(service, 'PATCH', `/users/${target.id}`, { token, body: { metadata: 5 } });
    expect(reply).toMatchObject({
      status: 400,
      json: { message: 'request body is not a valid JSON, expecting a valid JSON' },
    });
  });

  it('answers 404 for a disabled user', async () => {
    const service = createFakeUsersService();
    const admin = await adminToken(service);
    const target = await createUser(service, { status: 'disabled' });
    const reply = await send(service, 'PATCH', `/users/${target.id}`, {
      token: admin,
      body: { first_name: 'X' },
    });
    expect(reply).toMatchObject({ status: 404, json: notFound });
  });
});

describe('PATCH /users/{id}/tags and /picture', () => {
  it('replaces tags, keeps them without the key, and clears them with []', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service, { tags: ['a'] });
    const tag = (body: object) => send<WireUser>(service, 'PATCH', `/users/${user.id}/tags`, { token, body });
    expect((await tag({ tags: ['b', 'c'] })).json.tags).toEqual(['b', 'c']);
    expect((await tag({})).json.tags).toEqual(['b', 'c']);
    expect((await tag({ tags: [] })).json).not.toHaveProperty('tags');
  });

  it('sets the picture and replies with the full user', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service, { private_metadata: { p: 1 } });
    const reply = await send<WireUser>(service, 'PATCH', `/users/${user.id}/picture`, {
      token,
      body: { profile_picture: 'https://example.com/me.png' },
    });
    expect(reply.json).toMatchObject({
      profile_picture: 'https://example.com/me.png',
      private_metadata: { p: 1 },
    });
  });

  it('rejects a picture URL that does not parse', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service);
    const reply = await send(service, 'PATCH', `/users/${user.id}/picture`, {
      token,
      body: { profile_picture: ':nope' },
    });
    expect(reply).toMatchObject({ status: 400, json: { message: 'invalid profile picture url' } });
  });
});

describe('PATCH /users/{id}/email and /username', () => {
  it('changes the email, resets verified_at and leaves profile_picture out of the reply', async () => {
    const service = createFakeUsersService();
    const admin = await adminToken(service);
    const adminUser = (await send<WireUser>(service, 'GET', '/users/profile', { token: admin })).json;
    await send(service, 'PATCH', `/users/${adminUser.id}/picture`, {
      token: admin,
      body: { profile_picture: 'a.png' },
    });
    const reply = await send<WireUser>(service, 'PATCH', `/users/${adminUser.id}/email`, {
      token: admin,
      body: { email: 'root@example.com' },
    });
    expect(reply.json).toMatchObject({ email: 'root@example.com', verified_at: zeroTime });
    expect(reply.json).not.toHaveProperty('profile_picture');
    expect(adminUser.verified_at).not.toBe(zeroTime);
  });

  it.each([
    [{ email: '' }, 'invalid email'],
    [{ email: 'nope' }, 'invalid email'],
    [{ email: 'same@example.com' }, 'new email is similar to the current email'],
    [{ email: 'admin@example.com' }, 'email id already registered'],
  ])('rejects %j with 400', async (body, message) => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service, { email: 'same@example.com' });
    const reply = await send(service, 'PATCH', `/users/${user.id}/email`, { token, body });
    expect(reply).toMatchObject({ status: 400, json: { message } });
  });

  it('changes the username without the create pattern, and omits the picture', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service, { profile_picture: 'p.png' });
    const reply = await send<WireUser>(service, 'PATCH', `/users/${user.id}/username`, {
      token,
      body: { username: 'Not--A Pattern!' },
    });
    expect(reply.json.credentials).toEqual({ username: 'Not--A Pattern!' });
    expect(reply.json).not.toHaveProperty('profile_picture');
    expect(reply.json).not.toHaveProperty('private_metadata');
  });

  it.each([
    [{ username: '' }, 400, 'missing username'],
    [{ username: 'x'.repeat(1025) }, 400, 'invalid name size'],
    [{ username: 'admin' }, 400, 'username not available'],
    [{ username: 'x'.repeat(255) }, 422, 'update entity failed'],
  ])('rejects %j', async (body, status, message) => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service);
    const reply = await send(service, 'PATCH', `/users/${user.id}/username`, { token, body });
    expect(reply).toMatchObject({ status, json: { message } });
  });
});

describe('PATCH /users/{id}/role', () => {
  it('lets an admin with an admin-role token promote a user, replying without the picture', async () => {
    const service = createFakeUsersService();
    const target = await createUser(service, { profile_picture: 'p.png' });
    const reply = await send<WireUser>(service, 'PATCH', `/users/${target.id}/role`, {
      token: await adminToken(service),
      body: { role: 'admin' },
    });
    expect(reply.json.role).toBe('admin');
    expect(reply.json).not.toHaveProperty('profile_picture');
  });

  it('demotes to user when the role is empty or missing, and changes nothing for all', async () => {
    const service = createFakeUsersService();
    const admin = await adminToken(service);
    const target = await createUser(service, { role: 'admin' });
    const role = (body: object) =>
      send<WireUser>(service, 'PATCH', `/users/${target.id}/role`, { token: admin, body });
    expect((await role({ role: 'all' })).json.role).toBe('admin');
    expect((await role({})).json.role).toBe('user');
  });

  it('answers 403 to a non-admin and 400 to an unknown role', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service);
    const byUser = await send(service, 'PATCH', `/users/${user.id}/role`, { token, body: { role: 'admin' } });
    const unknown = await send(service, 'PATCH', `/users/${user.id}/role`, {
      token: await adminToken(service),
      body: { role: 'root' },
    });
    expect(byUser).toMatchObject({
      status: 403,
      json: { message: 'not authorized to perform admin action' },
    });
    expect(unknown).toMatchObject({ status: 400, json: { message: 'invalid client role' } });
  });

  it('answers 403 to a promoted admin until a new login brings the admin role claim', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service);
    await send(service, 'PATCH', `/users/${user.id}/role`, {
      token: await adminToken(service),
      body: { role: 'admin' },
    });
    const stale = await send(service, 'PATCH', `/users/${user.id}/role`, { token, body: { role: 'admin' } });
    const fresh = await login(service, user.credentials.username ?? '');
    const renewed = await send(service, 'PATCH', `/users/${user.id}/role`, {
      token: fresh.access_token,
      body: { role: 'admin' },
    });
    expect(stale.status).toBe(403);
    expect(claimsOf(fresh.access_token).role).toBe(2);
    expect(renewed.status).toBe(200);
  });
});

describe('enable, disable and delete', () => {
  it('disables and enables a user, replying without the picture, and 422 when already so', async () => {
    const service = createFakeUsersService();
    const admin = await adminToken(service);
    const target = await createUser(service, { profile_picture: 'p.png' });
    const disable = await send<WireUser>(service, 'POST', `/users/${target.id}/disable`, { token: admin });
    const again = await send(service, 'POST', `/users/${target.id}/disable`, { token: admin });
    const enable = await send<WireUser>(service, 'POST', `/users/${target.id}/enable`, { token: admin });
    expect(disable.json.status).toBe('disabled');
    expect(disable.json).not.toHaveProperty('profile_picture');
    expect(again).toMatchObject({ status: 422, json: { message: 'status already assigned' } });
    expect(enable.json.status).toBe('enabled');
  });

  it('soft-deletes with 204, answers 422 the second time, and enable brings the user back', async () => {
    const service = createFakeUsersService();
    const admin = await adminToken(service);
    const target = await createUser(service);
    const first = await send(service, 'DELETE', `/users/${target.id}`, { token: admin });
    const second = await send(service, 'DELETE', `/users/${target.id}`, { token: admin });
    const enable = await send<WireUser>(service, 'POST', `/users/${target.id}/enable`, { token: admin });
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    expect(second).toMatchObject({ status: 422, json: { message: 'status already assigned' } });
    expect(enable.json.status).toBe('enabled');
    expect((await login(service, target.credentials.username ?? '')).access_token).toBeTruthy();
  });

  it('answers 404 to a non-admin acting on someone else, and for an unknown id', async () => {
    const service = createFakeUsersService();
    const target = await createUser(service);
    const { token } = await signUp(service);
    const other = await send(service, 'POST', `/users/${target.id}/disable`, { token });
    const unknown = await send(service, 'DELETE', '/users/unknown', { token: await adminToken(service) });
    expect(other).toMatchObject({ status: 404, json: notFound });
    expect(unknown).toMatchObject({ status: 404, json: notFound });
  });

  it('keeps access tokens valid after the user is disabled, until they expire', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service);
    await send(service, 'POST', `/users/${user.id}/disable`, { token });
    const profile = await send<WireUser>(service, 'GET', '/users/profile', { token });
    const update = await send(service, 'PATCH', `/users/${user.id}`, { token, body: { first_name: 'X' } });
    expect(profile.json.status).toBe('disabled');
    expect(update).toMatchObject({ status: 404, json: notFound });
  });
});
