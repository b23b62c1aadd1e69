/**
 * Routing and body-decoding cases replayed from the upstream server's own tests (absmach/supermq). Each case names
 * the upstream file, test function and case it mirrors.
 */
import { createFakeUsersService } from 'magistrala-users/testing';
import { describe, expect, it } from 'vitest';
import { adminToken, createUser, newUserBody, send, type WireUser } from './helpers.ts';

const missingId = { message: 'missing entity id' };

describe('trailing slash on /users (upstream mounts /users as a sub-router whose root is "/")', () => {
  it('serves POST /users/ as POST /users (users/api/endpoint_test.go TestRegister: "register a new user with a valid token", which posts to /users/)', async () => {
    const service = createFakeUsersService();
    const reply = await send<WireUser>(service, 'POST', '/users/', { body: newUserBody() });
    expect(reply.status).toBe(201);
    expect(reply.json.status).toBe('enabled');
  });

  it('serves GET /users/ as the list (users/api/users.go router: r.Route("/users") with r.Get("/"); TestListUsers "list users as admin with valid token")', async () => {
    const service = createFakeUsersService();
    const token = await adminToken(service);
    const slash = await send(service, 'GET', '/users/?limit=5', { token });
    const bare = await send(service, 'GET', '/users?limit=5', { token });
    expect(slash.status).toBe(200);
    expect(slash.json).toEqual(bare.json);
  });

  it('answers DELETE /users/ with 405 (users/api/endpoint_test.go TestDelete: "delete user with empty id")', async () => {
    const service = createFakeUsersService();
    const token = await adminToken(service);
    const reply = await send(service, 'DELETE', '/users/', { token });
    expect(reply.status).toBe(405);
    expect(reply.headers.get('Allow')).toBe('POST, GET');
  });

  it('does not extend the slash to other routes: /users/profile/ stays unknown (chi matches paths exactly)', async () => {
    const service = createFakeUsersService();
    const token = await adminToken(service);
    const reply = await send(service, 'GET', '/users/profile/', { token });
    expect(reply.status).toBe(404);
    expect(reply.text).toBe('404 page not found\n');
  });
});

describe('an empty {id} segment is 400 missing entity id (upstream users/api/requests.go validate(): the id first)', () => {
  const cases: { test: string; method: string; path: string; body?: unknown }[] = [
    {
      test: 'users/api/endpoint_test.go TestUpdateTags "update user tags with empty id"',
      method: 'PATCH',
      path: '/users//tags',
      body: { tags: ['newtag'] },
    },
    {
      test: 'users/api/endpoint_test.go TestUpdateEmail "update user email with empty id"',
      method: 'PATCH',
      path: '/users//email',
      body: { email: 'newuseremail@example.com' },
    },
    {
      test: 'users/api/endpoint_test.go TestUpdateUsername "update username with empty id"',
      method: 'PATCH',
      path: '/users//username',
      body: { username: 'newusername' },
    },
    {
      test: 'users/api/endpoint_test.go TestUpdateProfilePicture "update profile_picture with empty id"',
      method: 'PATCH',
      path: '/users//picture',
      body: { profile_picture: 'https://example.com/newprofilepicture' },
    },
    {
      test: 'users/api/requests.go updateUserRoleReq.validate, ErrMissingID (no endpoint case upstream)',
      method: 'PATCH',
      path: '/users//role',
      body: { role: 'admin' },
    },
    {
      test: 'users/api/endpoint_test.go TestEnable "enable user with empty id"',
      method: 'POST',
      path: '/users//enable',
      body: {},
    },
    {
      test: 'users/api/endpoint_test.go TestDisable "disable user with empty id"',
      method: 'POST',
      path: '/users//disable',
      body: {},
    },
  ];

  for (const { test, method, path, body } of cases) {
    it(`${method} ${path} (${test})`, async () => {
      const service = createFakeUsersService();
      const token = await adminToken(service);
      const reply = await send(service, method, path, { token, body });
      expect(reply.status).toBe(400);
      expect(reply.json).toEqual(missingId);
    });
  }

  it('still authenticates first: without a token it is 401 (the authn middleware runs before the decoder)', async () => {
    const service = createFakeUsersService();
    const reply = await send(service, 'PATCH', '/users//tags', { body: { tags: [] } });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ message: 'missing or invalid bearer user token' });
  });

  it('still decodes the body before the id check: malformed JSON is 400 malformed (TestUpdateTags "update user with malfomed data")', async () => {
    const service = createFakeUsersService();
    const token = await adminToken(service);
    const reply = await send(service, 'PATCH', '/users//tags', { token, rawBody: '{"tags":newtag}' });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({ message: 'request body is not a valid JSON, expecting a valid JSON' });
  });
});

describe('bodies decoded as Go json.NewDecoder(r.Body).Decode does (users/api/users.go decoders)', () => {
  it('reads the first JSON value and ignores the text after it (TestUpdateTags "updateuser tags as admin with valid token", body + trailing text)', async () => {
    const service = createFakeUsersService();
    const token = await adminToken(service);
    const user = await createUser(service);
    const reply = await send<WireUser>(service, 'PATCH', `/users/${user.id}/tags`, {
      token,
      rawBody: '{"tags":["newtag"]} this is not JSON {',
    });
    expect(reply.status).toBe(200);
    expect(reply.json.tags).toEqual(['newtag']);
  });

  it('matches field names case-insensitively, the last matching key winning (TestUpdateEmail "update user email as admin with valid token", key spelt EMAIL)', async () => {
    const service = createFakeUsersService();
    const token = await adminToken(service);
    const user = await createUser(service);
    const reply = await send<WireUser>(service, 'PATCH', `/users/${user.id}/email`, {
      token,
      rawBody: '{"email":"first@example.com","EMAIL":"newuseremail@example.com"}',
    });
    expect(reply.status).toBe(200);
    expect(reply.json.email).toBe('newuseremail@example.com');
  });

  it('folds nested struct keys too, and keeps map keys as sent (TestRegister "register a new user with a valid token", keys in other cases)', async () => {
    const service = createFakeUsersService();
    const reply = await send<WireUser>(service, 'POST', '/users', {
      rawBody: JSON.stringify({
        First_Name: 'Jane',
        LAST_NAME: 'Doe',
        Email: 'jane.folded@example.com',
        Credentials: { UserName: 'janefolded', SECRET: '12345678' },
        Metadata: { Team: 'A' },
      }),
    });
    expect(reply.status).toBe(201);
    expect(reply.json).toMatchObject({
      first_name: 'Jane',
      last_name: 'Doe',
      email: 'jane.folded@example.com',
      credentials: { username: 'janefolded' },
      metadata: { Team: 'A' },
    });
  });

  it('still refuses what Go cannot decode: nothing, a non-object, a broken first value (TestRegister "register a user that can\'t be marshalled")', async () => {
    const service = createFakeUsersService();
    const bodies = ['', '   ', '[1]', '"text"', '{"first_name": "Jane"', '{"first_name": Jane}'];
    for (const rawBody of bodies) {
      const reply = await send(service, 'POST', '/users', { rawBody });
      expect([rawBody, reply.status]).toEqual([rawBody, 400]);
      expect(reply.json).toEqual({ message: 'request body is not a valid JSON, expecting a valid JSON' });
    }
  });

  it('decodes null, with trailing text, as an empty struct (TestRegister "register user with empty request body")', async () => {
    const service = createFakeUsersService();
    const reply = await send(service, 'POST', '/users', { rawBody: 'null trailing' });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({ message: 'missing first name' });
  });
});

describe('GET /verify-email query (users/api/users.go decodeVerifyEmail: apiutil.ReadStringQuery)', () => {
  it('answers a repeated token with 400 invalid query parameters (users/api/endpoint_test.go TestListUsers "list users with duplicate username": the same reader)', async () => {
    const service = createFakeUsersService();
    const reply = await send(service, 'GET', '/verify-email?token=a&token=b');
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({ message: 'invalid query parameters' });
  });

  it('keeps 400 invalid verification for an empty token (TestVerifyEmail "verify email with empty token")', async () => {
    const service = createFakeUsersService();
    const reply = await send(service, 'GET', '/verify-email?token=');
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({ message: 'invalid verification' });
  });
});

describe('the first-value scan behind the Go decoding (edge cases of the same rule)', () => {
  it('ends the first value at its real closing brace: braces and quotes inside strings do not count', async () => {
    const service = createFakeUsersService();
    const token = await adminToken(service);
    const user = await createUser(service);
    const reply = await send<WireUser>(service, 'PATCH', `/users/${user.id}/tags`, {
      token,
      rawBody: ' \n{"tags":["a}b","c\\"{d"]}]] not JSON',
    });
    expect(reply.status).toBe(200);
    expect(reply.json.tags).toEqual(['a}b', 'c"{d']);
  });

  it('folds the long s onto s as Go\'s case folding does: "uſername" fills username (TestUpdateUsername "update username as admin with valid token")', async () => {
    const service = createFakeUsersService();
    const token = await adminToken(service);
    const user = await createUser(service);
    const reply = await send<WireUser>(service, 'PATCH', `/users/${user.id}/username`, {
      token,
      rawBody: '{"u\u017Fername":"newusername"}',
    });
    expect(reply.status).toBe(200);
    expect(reply.json.credentials.username).toBe('newusername');
  });

  it('keeps unknown keys out, whatever their case (TestUpdate "update as admin user with valid token" sends an unknown "name")', async () => {
    const service = createFakeUsersService();
    const token = await adminToken(service);
    const user = await createUser(service);
    const reply = await send<WireUser>(service, 'PATCH', `/users/${user.id}`, {
      token,
      rawBody: '{"name":"newname","Metadata":{"newkey":"newvalue"}}',
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ first_name: 'Jane', metadata: { newkey: 'newvalue' } });
  });
});
