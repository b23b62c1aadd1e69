import { beforeEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InputValidationError,
  InternalServerError,
  MagistralaError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  UnsupportedOperationError,
  UsersClient,
} from '../../src/index.ts';
import { createFakeAtomService, type FakeAtomService, seededAtomAdmin } from '../../src/testing/index.ts';

let atom: FakeAtomService;
let users: UsersClient;
const client = () => new UsersClient({ baseUrl: atom.baseUrl, fetch: atom.fetch, backend: 'atom', retry: 0 });

beforeEach(async () => {
  atom = createFakeAtomService();
  users = client();
  await users.login({ username: 'admin', password: '12345678' });
});

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('ATOM REST errors ({"error": …})', () => {
  it('a wrong password is an AuthenticationError with the server message', async () => {
    const error = await caught(client().login({ username: 'admin', password: 'nope' }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, serverMessage: 'invalid credentials' });
  });

  it('login throttling is a RateLimitError with Retry-After (900 s)', async () => {
    for (let attempt = 0; attempt < 5; attempt++)
      await caught(client().login({ username: 'admin', password: 'x' }));
    const error = await caught(client().login({ username: 'admin', password: '12345678' }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      status: 429,
      serverMessage: 'too many failed login attempts',
      retryAfter: 900_000,
    });
  });

  it('a taken name on signup is a ConflictError; signup switched off is a PermissionDeniedError', async () => {
    const input = {
      first_name: 'A',
      last_name: 'B',
      email: 'ab@example.com',
      credentials: { username: 'admin', secret: 'ab-secret-1' },
    };
    expect(await caught(client().create(input))).toBeInstanceOf(ConflictError);
    atom = createFakeAtomService({ selfRegistration: false });
    expect(await caught(client().create(input))).toMatchObject({ status: 403, serverMessage: 'forbidden' });
    expect(await caught(client().create(input))).toBeInstanceOf(PermissionDeniedError);
  });

  it('a bad verification token is a BadRequestError', async () => {
    const error = await caught(users.verifyEmail('atomv_nope'));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ serverMessage: 'invalid verification token' });
  });
});

describe("axum's plain-text rejections", () => {
  it.each([
    [415, 'Expected request with `Content-Type: application/json`', ApiError],
    [
      400,
      'Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 0',
      BadRequestError,
    ],
    [
      422,
      'Failed to deserialize the JSON body into the target type: missing field `secret` at line 1 column 26',
      UnprocessableEntityError,
    ],
    [413, 'Failed to buffer the request body: length limit exceeded', ApiError],
  ] as const)('%i → %s with the text as the message', async (status, body, ErrorClass) => {
    atom.fail({ path: '/auth/login' }, { kind: 'status', status, body });
    const error = await caught(client().login({ username: 'admin', password: '12345678' }));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ status, serverMessage: body });
  });

  it("GraphQL's text 400 (UnsupportedBatch) is a BadRequestError", async () => {
    atom.fail({ path: '/graphql' }, { kind: 'status', status: 400, body: 'UnsupportedBatch' });
    const before = atom.requests.length;
    const error = await caught(users.get(seededAtomAdmin.id));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      status: 400,
      serverMessage: 'UnsupportedBatch',
    });
    // What was refused: one POST /graphql carrying the entity document and the id, with the session's bearer.
    const sent = atom.requests.slice(before);
    expect(sent.map((request) => [request.method, request.path])).toEqual([['POST', '/graphql']]);
    expect(sent[0]?.json).toEqual({
      query:
        'query($id: ID!) { entity(id: $id) { id name status attributes deletedAt createdAt updatedAt } }',
      variables: { id: seededAtomAdmin.id },
    });
    expect(sent[0]?.headers['content-type']).toContain('application/json');
    expect(sent[0]?.headers.authorization).toMatch(/^Bearer \S+$/);
  });
});

describe('GraphQL errors[] in HTTP 200 replies', () => {
  const id = '5c3b8f6e-9d1a-4c55-8f0e-2b7a1d3e4f50';
  it.each([
    ['missing authentication', AuthenticationError, 401],
    ['invalid token: ExpiredSignature', AuthenticationError, 401],
    ['token signed with unknown or retired key', AuthenticationError, 401],
    ['session revoked', AuthenticationError, 401],
    ['session expired', AuthenticationError, 401],
    ['session not found', AuthenticationError, 401],
    ['session is not refreshable', AuthenticationError, 401],
    ['session refresh requires a session token', AuthenticationError, 401],
    ['entity is not active', AuthenticationError, 401],
    ['tenant is not active', AuthenticationError, 401],
    ['api key revoked', AuthenticationError, 401],
    ['Authorization header must use Bearer', AuthenticationError, 401],
    ['invalid credentials', AuthenticationError, 401],
    ['email verification required', AuthenticationError, 401],
    ['tenant_id or tenant_alias required for this identifier', AuthenticationError, 401],
    ['forbidden', PermissionDeniedError, 403],
    [`entity ${id} not found`, NotFoundError, 404],
    [`active entity ${id} not found`, NotFoundError, 404],
    [`session ${id} not found`, NotFoundError, 404],
    ['credential not found', NotFoundError, 404],
    ['already exists', ConflictError, 409],
    ['too many failed login attempts', RateLimitError, 429],
    ['id must be a UUID', BadRequestError, 400],
    ['kind is required without profile_id', BadRequestError, 400],
    ['password must be at least 12 characters', BadRequestError, 400],
    ['password cannot be blank', BadRequestError, 400],
    ['email is required', BadRequestError, 400],
    ['invalid email', BadRequestError, 400],
    ['unsupported credential kind: token', BadRequestError, 400],
    ['Unknown field "externalId" on type "Entity".', BadRequestError, 400],
    ['Query is too complex.', BadRequestError, 400],
    ['database error', InternalServerError, 500],
    ['internal error', InternalServerError, 500],
  ] as const)('%s → %s', async (message, ErrorClass, status) => {
    // A static token: a 401 is not renewed, so the mapped error itself comes back.
    const token = (await users.refresh()).access_token;
    atom.fail(
      { path: '/graphql' },
      { kind: 'status', status: 200, body: { data: null, errors: [{ message, path: ['entity'] }] } },
    );
    const error = await caught(users.withAccessToken(token).get(seededAtomAdmin.id));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ status, serverMessage: message });
  });

  it('an unrecognised GraphQL error is a plain ApiError with the server message, never a success', async () => {
    atom.fail(
      { path: '/graphql' },
      {
        kind: 'status',
        status: 200,
        body: { data: { entity: null }, errors: [{ message: 'something new' }] },
      },
    );
    const error = await caught(users.get(seededAtomAdmin.id));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 200, serverMessage: 'something new' });
    expect((error as ApiError).body).toEqual({
      data: { entity: null },
      errors: [{ message: 'something new' }],
    });
  });

  it('real replies of the fake: missing entity, forbidden, duplicate name', async () => {
    const id = '5c3b8f6e-9d1a-4c55-8f0e-2b7a1d3e4f50';
    expect(await caught(users.get(id))).toMatchObject({
      status: 404,
      serverMessage: `entity ${id} not found`,
    });
    const jane = await users.create({
      first_name: 'J',
      last_name: 'D',
      email: 'j@example.com',
      credentials: { username: 'jane', secret: 'jane-secret' },
    });
    const asJane = client();
    await asJane.login({ username: 'jane', password: 'jane-secret' });
    expect(await caught(asJane.get(seededAtomAdmin.id))).toBeInstanceOf(PermissionDeniedError);
    expect(await caught(asJane.disable(jane.id))).toBeInstanceOf(PermissionDeniedError);
    expect(await caught(users.updateUsername(jane.id, 'admin'))).toBeInstanceOf(ConflictError);
    // A non-admin lists nobody: ATOM filters to what the caller may read.
    expect(await asJane.list()).toEqual({ total: 0, offset: 0, limit: 10, users: [] });
  });
});

describe('UnsupportedOperationError, before any request', () => {
  it.each([
    ['listRefreshTokens', () => users.listRefreshTokens()],
    ['revokeRefreshToken', () => users.revokeRefreshToken('5c3b8f6e-9d1a-4c55-8f0e-2b7a1d3e4f50')],
    [
      'login(description)',
      () => client().login({ username: 'admin', password: '12345678', description: 'ci' }),
    ],
    ['list(order)', () => users.list({ order: 'username' })],
    ['list(dir)', () => users.list({ dir: 'asc' })],
    ['list(tags)', () => users.list({ tags: ['ops'] })],
    ['list(metadata)', () => users.list({ metadata: { team: 'eu' } })],
    ['list(username)', () => users.list({ username: 'jane' })],
    ['list(email)', () => users.list({ email: 'jane@example.com' })],
    ['list(first_name)', () => users.list({ first_name: 'Jane' })],
    ['list(id)', () => users.list({ id: 'abc' })],
    ['list(only_total)', () => users.list({ only_total: true })],
    ['list(created_from)', () => users.list({ created_from: new Date() })],
    ['search(id)', () => users.search({ id: 'abc' })],
    ['search(order)', () => users.search({ username: 'jan', order: 'username' })],
    ['search(several terms)', () => users.search({ username: 'jan', first_name: 'Jane' })],
    [
      'create(role, status) without a session',
      () =>
        client().create({
          first_name: 'A',
          last_name: 'B',
          email: 'ab@example.com',
          credentials: { username: 'ab', secret: 'ab-secret-1' },
          role: 'admin',
        }),
    ],
    ['listAll(tags)', () => users.listAll({ tags: ['ops'] }).next()],
  ] as const)('%s', async (operation, call) => {
    const before = atom.requests.length;
    const error = await caught(call());
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect(error).toBeInstanceOf(MagistralaError);
    expect(error).toMatchObject({ backend: 'atom', name: 'UnsupportedOperationError' });
    expect((error as UnsupportedOperationError).operation).toBe(operation.replace('listAll', 'list'));
    expect((error as Error).message).toContain('not supported by the atom backend');
    expect(atom.requests.length).toBe(before);
  });

  it('an unknown backend name is an InputValidationError', () => {
    const make = () => new UsersClient({ baseUrl: atom.baseUrl, backend: 'graphql' as 'atom' });
    expect(make).toThrow(/backend/);
    expect(make).toThrow(InputValidationError);
  });
});
