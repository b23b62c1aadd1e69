import { beforeEach, describe, expect, it } from 'vitest';
import { BadRequestError, type User, UsersClient } from '../../src/index.ts';
import { createFakeAtomService, type FakeAtomService, seededAtomAdmin } from '../../src/testing/index.ts';

const entity = ' { id name status attributes deletedAt createdAt updatedAt }';
const docs = {
  entity: `query($id: ID!) { entity(id: $id)${entity} }`,
  entities:
    'query($q: String, $status: EntityStatus, $deleted: DeletedFilter, $limit: Int, $offset: Int) ' +
    `{ entities(kind: human, q: $q, status: $status, deleted: $deleted, limit: $limit, offset: $offset) { total items${entity} } }`,
  createEntity: `mutation($input: CreateEntityInput!) { createEntity(input: $input)${entity} }`,
  updateEntity: `mutation($id: ID!, $input: UpdateEntityInput!) { updateEntity(id: $id, input: $input)${entity} }`,
  enableEntity: `mutation($id: ID!) { enableEntity(id: $id)${entity} }`,
  disableEntity: `mutation($id: ID!) { disableEntity(id: $id)${entity} }`,
  deleteEntity: 'mutation($id: ID!) { deleteEntity(id: $id) }',
  createPassword:
    'mutation($id: ID!, $password: String!) { createPassword(entityId: $id, password: $password) }',
  credentials: 'query($id: ID!) { credentials(entityId: $id) { items { id kind status } } }',
  revokeCredential:
    'mutation($id: ID!, $credential: ID!) { revokeCredential(entityId: $id, credentialId: $credential) }',
  roleAssignments:
    'query($id: ID!) { roleAssignments(subjectKind: entity, subjectId: $id, roleId: "00000000-0000-0000-0000-000000000002") { items { id } } }',
  createRoleAssignment:
    'mutation($id: ID!) { createRoleAssignment(input: { subjectKind: entity, subjectId: $id, roleId: "00000000-0000-0000-0000-000000000002" }) { id } }',
  deleteRoleAssignment: 'mutation($id: ID!) { deleteRoleAssignment(id: $id) }',
};

let atom: FakeAtomService;
let users: UsersClient;
let mark = 0;

/** Every request since `begin()`, as { method, path, body }. GraphQL bodies are { query, variables }. */
function sent() {
  return atom.requests.slice(mark).map((request) => ({
    method: request.method,
    path: request.path,
    ...(request.json !== undefined && { body: request.json }),
    ...(Object.keys(request.query).length > 0 && { query: request.query }),
  }));
}

function begin() {
  mark = atom.requests.length;
}

const gql = (query: string, variables?: Record<string, unknown>) => ({
  method: 'POST',
  path: '/graphql',
  body: variables ? { query, variables } : { query },
});
const introspect = { method: 'GET', path: '/auth/introspect' };
const isoPlus = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/;

async function createJane(extra: Partial<Parameters<UsersClient['create']>[0]> = {}): Promise<User> {
  return users.create({
    first_name: 'Jane',
    last_name: 'Doe',
    email: 'jane@example.com',
    credentials: { username: 'jane', secret: 'jane-secret' },
    tags: ['ops'],
    metadata: { team: 'eu' },
    ...extra,
  });
}

beforeEach(async () => {
  atom = createFakeAtomService();
  users = new UsersClient({ baseUrl: atom.baseUrl, fetch: atom.fetch, backend: 'atom' });
  await users.login({ username: 'admin', password: '12345678' });
  begin();
});

describe('ATOM operations on the wire', () => {
  it('login: REST /auth/login with identifier, secret and kind, no bearer', async () => {
    const fresh = new UsersClient({ baseUrl: atom.baseUrl, fetch: atom.fetch, backend: 'atom' });
    begin();
    const pair = await fresh.login({ username: 'admin@example.com', password: '12345678' });
    expect(sent()).toEqual([
      {
        method: 'POST',
        path: '/auth/login',
        body: { identifier: 'admin@example.com', secret: '12345678', kind: 'password' },
      },
    ]);
    expect(atom.requests.at(-1)?.headers.authorization).toBeUndefined();
    expect(pair.access_token.split('.')).toHaveLength(3);
  });

  it('create with an admin session: createEntity (flat attributes) then createPassword', async () => {
    const jane = await createJane();
    const [first, second] = sent();
    expect(first).toEqual(
      gql(docs.createEntity, {
        input: {
          kind: 'human',
          name: 'jane',
          attributes: {
            first_name: 'Jane',
            last_name: 'Doe',
            email: 'jane@example.com',
            tags: ['ops'],
            metadata: { team: 'eu' },
          },
        },
      }),
    );
    expect(second).toEqual(gql(docs.createPassword, { id: jane.id, password: 'jane-secret' }));
    expect(sent()).toHaveLength(2);
    expect(jane).toEqual({
      id: expect.stringMatching(/^[\da-f-]{36}$/),
      credentials: { username: 'jane' },
      status: 'enabled',
      created_at: expect.stringMatching(isoPlus),
      first_name: 'Jane',
      last_name: 'Doe',
      email: 'jane@example.com',
      tags: ['ops'],
      metadata: { team: 'eu' },
    });
    // The user can log in with the password and by the email in attributes.
    const asJane = new UsersClient({ baseUrl: atom.baseUrl, fetch: atom.fetch, backend: 'atom' });
    await asJane.login({ username: 'jane@example.com', password: 'jane-secret' });
    expect((await asJane.profile()).id).toBe(jane.id);
  });

  it('create as admin with role admin and status disabled: assignment and disable follow', async () => {
    const jane = await createJane({ role: 'admin', status: 'disabled' });
    expect(sent().slice(2)).toEqual([
      gql(docs.roleAssignments, { id: jane.id }),
      gql(docs.createRoleAssignment, { id: jane.id }),
      gql(docs.disableEntity, { id: jane.id }),
    ]);
    expect(jane).toMatchObject({ status: 'disabled', role: 'admin' });
  });

  it('create rolls the entity back when ATOM refuses the password', async () => {
    const error = await createJane({ credentials: { username: 'jane', secret: 'short' } }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toContain('password must be at least 8 characters');
    const [, , rollback] = sent();
    expect(rollback).toMatchObject({ path: '/graphql', body: { query: docs.deleteEntity } });
    expect((await users.list({ status: 'all' })).users.map((u) => u.credentials?.username)).toEqual([
      'admin',
    ]);
  });

  it('create without a session: REST /auth/signup with attributes, no bearer', async () => {
    const anonymous = new UsersClient({ baseUrl: atom.baseUrl, fetch: atom.fetch, backend: 'atom' });
    begin();
    const jane = await anonymous.create({
      first_name: 'Jane',
      last_name: 'Doe',
      email: 'Jane@Example.com',
      credentials: { username: 'jane', secret: 'jane-secret' },
    });
    expect(sent()).toEqual([
      {
        method: 'POST',
        path: '/auth/signup',
        body: {
          name: 'jane',
          email: 'Jane@Example.com',
          password: 'jane-secret',
          attributes: { first_name: 'Jane', last_name: 'Doe', email: 'Jane@Example.com' },
        },
      },
    ]);
    expect(jane).toEqual({
      id: expect.any(String),
      credentials: { username: 'jane' },
      status: 'enabled',
      first_name: 'Jane',
      last_name: 'Doe',
      email: 'Jane@Example.com',
    });
    expect(atom.outbox.at(-1)).toMatchObject({ kind: 'verification', to: 'jane@example.com' });
  });

  it('profile: introspect, then entity(id)', async () => {
    const me = await users.profile();
    expect(sent()).toEqual([introspect, gql(docs.entity, { id: seededAtomAdmin.id })]);
    expect(me).toMatchObject({
      id: seededAtomAdmin.id,
      credentials: { username: 'admin' },
      email: 'admin@example.com',
    });
  });

  it('get: entity(id)', async () => {
    const jane = await createJane();
    begin();
    expect(await users.get(jane.id)).toEqual(jane);
    expect(sent()).toEqual([gql(docs.entity, { id: jane.id })]);
  });

  it('list: entities(kind: human) with status, limit and offset; newest first', async () => {
    const jane = await createJane();
    begin();
    const page = await users.list({ limit: 5 });
    expect(sent()).toEqual([gql(docs.entities, { status: 'active', limit: 5, offset: 0 })]);
    expect(page).toEqual({
      total: 2,
      offset: 0,
      limit: 5,
      users: [jane, expect.objectContaining({ id: seededAtomAdmin.id })],
    });
    begin();
    await users.list({ status: 'disabled', offset: 1 });
    await users.list({ status: 'all' });
    await users.list({ status: 'deleted' });
    expect(sent().map((request) => (request.body as { variables: unknown }).variables)).toEqual([
      { status: 'inactive', limit: 10, offset: 1 },
      { status: 'inactive', limit: 1, offset: 0 }, // an empty page past the start: the count is asked for
      { limit: 10, offset: 0 },
      { deleted: 'deleted', limit: 10, offset: 0 },
    ]);
  });

  it('list past the end: ATOM says total 0, the SDK asks one row for the real count', async () => {
    const page = await users.list({ offset: 10, limit: 5 });
    expect(sent()).toEqual([
      gql(docs.entities, { status: 'active', limit: 5, offset: 10 }),
      gql(docs.entities, { status: 'active', limit: 1, offset: 0 }),
    ]);
    expect(page).toEqual({ total: 1, offset: 10, limit: 5, users: [] });
  });

  it('listAll walks the pages and stops', async () => {
    await createJane();
    await users.create({
      first_name: 'A',
      last_name: 'B',
      email: 'a@example.com',
      credentials: { username: 'ab', secret: 'ab-secret-1' },
    });
    begin();
    const names: string[] = [];
    for await (const user of users.listAll({ limit: 2 })) names.push(user.credentials?.username ?? '');
    expect(names).toEqual(['ab', 'jane', 'admin']);
  });

  it('search: one term as q over active users', async () => {
    const jane = await createJane();
    begin();
    const found = await users.search({ username: 'jan' });
    expect(sent()).toEqual([gql(docs.entities, { q: 'jan', status: 'active', limit: 10, offset: 0 })]);
    expect(found.users).toEqual([jane]);
    const all: string[] = [];
    for await (const user of users.searchAll({ first_name: 'Jane' })) all.push(user.id);
    expect(all).toEqual([jane.id]);
  });

  it('update: read, merge, write the whole attributes object; nothing else lost', async () => {
    const jane = await createJane();
    begin();
    const updated = await users.update(jane.id, { first_name: 'Janice', private_metadata: { k: 1 } });
    expect(sent()).toEqual([
      gql(docs.entity, { id: jane.id }),
      gql(docs.updateEntity, {
        id: jane.id,
        input: {
          attributes: {
            first_name: 'Janice',
            last_name: 'Doe',
            email: 'jane@example.com',
            tags: ['ops'],
            metadata: { team: 'eu' },
            private_metadata: { k: 1 },
          },
        },
      }),
    ]);
    expect(updated).toMatchObject({
      first_name: 'Janice',
      tags: ['ops'],
      updated_at: expect.stringMatching(isoPlus),
    });
  });

  it.each([
    ['updateTags', (id: string) => users.updateTags(id, ['a', 'b']), { tags: ['a', 'b'] }],
    [
      'updateEmail',
      (id: string) => users.updateEmail(id, 'janice@example.com'),
      { email: 'janice@example.com' },
    ],
    [
      'updateProfilePicture',
      (id: string) => users.updateProfilePicture(id, 'https://example.com/j.png'),
      { profile_picture: 'https://example.com/j.png' },
    ],
  ] as const)('%s: attribute read-modify-write', async (_name, call, change) => {
    const jane = await createJane();
    begin();
    const updated = await call(jane.id);
    const attributes = {
      first_name: 'Jane',
      last_name: 'Doe',
      email: 'jane@example.com',
      tags: ['ops'],
      metadata: { team: 'eu' },
      ...change,
    };
    expect(sent()).toEqual([
      gql(docs.entity, { id: jane.id }),
      gql(docs.updateEntity, { id: jane.id, input: { attributes } }),
    ]);
    expect(updated).toMatchObject(change);
  });

  it('updateUsername: updateEntity(name), which is the new login name', async () => {
    const jane = await createJane();
    begin();
    const renamed = await users.updateUsername(jane.id, 'janice');
    expect(sent()).toEqual([gql(docs.updateEntity, { id: jane.id, input: { name: 'janice' } })]);
    expect(renamed.credentials?.username).toBe('janice');
    await new UsersClient({ baseUrl: atom.baseUrl, fetch: atom.fetch, backend: 'atom' }).login({
      username: 'janice',
      password: 'jane-secret',
    });
  });

  it('updateRole: assign atom-admin once; demote removes every assignment', async () => {
    const jane = await createJane();
    begin();
    expect(await users.updateRole(jane.id, 'admin')).toMatchObject({ id: jane.id, role: 'admin' });
    expect(sent()).toEqual([
      gql(docs.roleAssignments, { id: jane.id }),
      gql(docs.createRoleAssignment, { id: jane.id }),
      gql(docs.entity, { id: jane.id }),
    ]);
    begin();
    await users.updateRole(jane.id, 'admin');
    expect(sent().map((r) => (r.body as { query: string }).query)).toEqual([
      docs.roleAssignments,
      docs.entity,
    ]);
    begin();
    expect(await users.updateRole(jane.id, 'user')).toMatchObject({ role: 'user' });
    const [, remove] = sent();
    expect(remove).toEqual(gql(docs.deleteRoleAssignment, { id: expect.any(String) }));
  });

  it('updatePassword: verify by login, end that session, create the new password, then revoke the old ones', async () => {
    const jane = await createJane();
    const asJane = new UsersClient({ baseUrl: atom.baseUrl, fetch: atom.fetch, backend: 'atom' });
    await asJane.login({ username: 'jane', password: 'jane-secret' });
    begin();
    const result = await asJane.updatePassword('jane-secret', 'jane-secret-2');
    const requests = sent();
    expect(requests.slice(0, 3)).toEqual([
      introspect,
      {
        method: 'POST',
        path: '/auth/login',
        body: { identifier: jane.id, secret: 'jane-secret', kind: 'password' },
      },
      { method: 'POST', path: '/auth/logout' },
    ]);
    expect(requests.slice(3, 5)).toEqual([
      gql(docs.credentials, { id: jane.id }),
      gql(docs.createPassword, { id: jane.id, password: 'jane-secret-2' }),
    ]);
    expect(requests[5]).toEqual(gql(docs.revokeCredential, { id: jane.id, credential: expect.any(String) }));
    expect(requests.slice(6)).toEqual([gql(docs.entity, { id: jane.id })]);
    expect(result.id).toBe(jane.id);
    // The throwaway session is revoked; the client's own session keeps working.
    const throwaway = atom.requests.find((r, i) => i >= mark && r.path === '/auth/logout')?.headers
      .authorization;
    expect(throwaway).not.toBe(atom.requests.at(mark)?.headers.authorization);
    expect((await asJane.profile()).id).toBe(jane.id);
    const fresh = () => new UsersClient({ baseUrl: atom.baseUrl, fetch: atom.fetch, backend: 'atom' });
    await expect(
      fresh().login({ username: 'jane@example.com', password: 'jane-secret' }),
    ).rejects.toMatchObject({ status: 401 });
    await fresh().login({ username: 'jane@example.com', password: 'jane-secret-2' });
  });

  it('updatePassword with a wrong old password changes nothing', async () => {
    await createJane();
    const asJane = new UsersClient({ baseUrl: atom.baseUrl, fetch: atom.fetch, backend: 'atom' });
    await asJane.login({ username: 'jane', password: 'jane-secret' });
    begin();
    await expect(asJane.updatePassword('wrong', 'jane-secret-2')).rejects.toMatchObject({
      status: 401,
      serverMessage: 'invalid credentials',
    });
    expect(sent().map((r) => r.path)).toEqual(['/auth/introspect', '/auth/login']);
  });

  it('requestPasswordReset and resetPassword: REST with the token in the body', async () => {
    const anonymous = new UsersClient({ baseUrl: atom.baseUrl, fetch: atom.fetch, backend: 'atom' });
    await anonymous.create({
      first_name: 'J',
      last_name: 'D',
      email: 'j@example.com',
      credentials: { username: 'jd', secret: 'jd-secret-1' },
    });
    begin();
    expect(await anonymous.requestPasswordReset('j@example.com')).toBeUndefined();
    const token = atom.outbox.findLast((mail) => mail.kind === 'password-reset')?.token ?? '';
    expect(token).toMatch(/^atomr_/);
    expect(
      await anonymous.resetPassword({ token, password: 'new-secret-1', confirmPassword: 'new-secret-1' }),
    ).toBeUndefined();
    expect(sent()).toEqual([
      { method: 'POST', path: '/auth/password/reset/request', body: { email: 'j@example.com' } },
      {
        method: 'POST',
        path: '/auth/password/reset',
        body: { token, password: 'new-secret-1', confirm_password: 'new-secret-1' },
      },
    ]);
    expect(atom.requests.slice(mark).every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('enable, disable, delete', async () => {
    const jane = await createJane();
    begin();
    expect((await users.disable(jane.id)).status).toBe('disabled');
    expect((await users.enable(jane.id)).status).toBe('enabled');
    expect(await users.delete(jane.id)).toBeUndefined();
    expect(sent()).toEqual([
      gql(docs.disableEntity, { id: jane.id }),
      gql(docs.enableEntity, { id: jane.id }),
      gql(docs.deleteEntity, { id: jane.id }),
    ]);
    expect((await users.list({ status: 'deleted' })).users).toEqual([
      expect.objectContaining({ id: jane.id, status: 'deleted' }),
    ]);
  });

  it('sendVerification: the caller email, resent over REST; verifyEmail: GET with the token', async () => {
    const anonymous = new UsersClient({ baseUrl: atom.baseUrl, fetch: atom.fetch, backend: 'atom' });
    await anonymous.create({
      first_name: 'J',
      last_name: 'D',
      email: 'j@example.com',
      credentials: { username: 'jd', secret: 'jd-secret-1' },
    });
    const token = atom.outbox.at(-1)?.token ?? '';
    begin();
    expect(await anonymous.verifyEmail(token)).toBeUndefined();
    expect(sent()).toEqual([{ method: 'GET', path: '/auth/email/verify', query: { token } }]);
    const asJ = new UsersClient({ baseUrl: atom.baseUrl, fetch: atom.fetch, backend: 'atom' });
    await asJ.login({ username: 'j@example.com', password: 'jd-secret-1' });
    begin();
    expect(await asJ.sendVerification()).toBeUndefined();
    expect(sent().at(-1)).toEqual({
      method: 'POST',
      path: '/auth/email/resend',
      body: { email: 'j@example.com' },
    });
  });

  it("sendVerification for a user without an email: ATOM's 422 for the resend without an address", async () => {
    await users.updateEmail(seededAtomAdmin.id, 'admin@example.com');
    await users.update(seededAtomAdmin.id, { metadata: {} });
    const attributes = { first_name: 'super', last_name: 'admin', metadata: {} };
    await atom.fetch('/graphql', {
      method: 'POST',
      headers: { authorization: atom.requests.at(-1)?.headers.authorization ?? '' },
      body: JSON.stringify({
        query:
          'mutation($id: ID!, $input: UpdateEntityInput!) { updateEntity(id: $id, input: $input) { id } }',
        variables: { id: seededAtomAdmin.id, input: { attributes } },
      }),
    });
    begin();
    await expect(users.sendVerification()).rejects.toMatchObject({
      status: 422,
      serverMessage: 'Failed to deserialize the JSON body into the target type: missing field `email`',
    });
    expect(sent().map((request) => request.path)).toEqual([
      '/auth/introspect',
      '/graphql',
      '/auth/email/resend',
    ]);
    expect(sent().at(-1)?.body).toEqual({});
  });

  it('health: GET /health, no bearer', async () => {
    expect(await users.health()).toMatchObject({ status: 'ok' });
    expect(sent()).toEqual([{ method: 'GET', path: '/health' }]);
    expect(atom.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('logout: POST /auth/logout with the session JWT', async () => {
    await users.profile();
    const bearer = atom.requests.at(-1)?.headers.authorization;
    begin();
    await users.logout();
    expect(sent()).toEqual([{ method: 'POST', path: '/auth/logout' }]);
    expect(atom.requests.at(-1)?.headers.authorization).toBe(bearer);
    expect(bearer).toMatch(/^Bearer ey/);
  });

  it("a non-UUID id: ATOM's `id must be a UUID` is a BadRequestError (as SuperMQ, ids are the server's to check)", async () => {
    const error = await users.get('jane').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, serverMessage: 'id must be a UUID' });
    expect(sent()).toEqual([gql(docs.entity, { id: 'jane' })]);
  });

  it('withAccessToken keeps the ATOM backend', async () => {
    const token = (await users.refresh()).access_token;
    begin();
    const me = await users.withAccessToken(token).profile();
    expect(me.id).toBe(seededAtomAdmin.id);
    expect(sent()).toEqual([introspect, gql(docs.entity, { id: seededAtomAdmin.id })]);
  });
});
