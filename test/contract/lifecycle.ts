/**
 * The scripted run of every users-service operation: the SDK against the fake service, every exchange recorded.
 *
 * @module
 */
import {
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  UnprocessableEntityError,
  type User,
  UsersClient,
} from 'magistrala-users';
import { createFakeUsersService, type FakeUsersService, seededAdmin } from 'magistrala-users/testing';
import { expect } from 'vitest';
import { type Exchange, ExchangeRecorder } from './exchange-recorder.ts';

const startTime = Date.parse('2026-03-02T09:00:00Z');

/** What a step works with. */
interface Rig {
  readonly service: FakeUsersService;
  readonly recorder: ExchangeRecorder;
  /** A new client on the recorded `fetch`, with no session. */
  readonly client: () => UsersClient;
  /** Labels the exchanges that follow and moves the clock on one second, so timestamps differ. */
  readonly step: (name: string) => Date;
}

/** The users the script creates, as the service returned them. */
interface Cast {
  readonly jane: User;
  readonly bob: User;
  readonly carol: User;
  readonly janeCreated: Date;
  readonly bobCreated: Date;
}

/**
 * Drives every operation of the users service through the SDK against a fresh fake service, plus a few error
 * replies, and resolves with every exchange, oldest first.
 *
 * @remarks
 * Each step also asserts that the operation did what it should, so a broken step fails loudly instead of leaving a
 * hole in the contract check. The clock is injected (one second per step) and shared by the clients and the
 * service. Exchanges hold tokens and passwords: never print them.
 *
 * @example
 * ```ts
 * const exchanges = await runLifecycle();
 * const issues = exchanges.flatMap((exchange) => contract.check(exchange));
 * ```
 */
export async function runLifecycle(): Promise<readonly Exchange[]> {
  let now = startTime;
  const service = createFakeUsersService({ now: () => now });
  const recorder = new ExchangeRecorder(service.fetch);
  const rig: Rig = {
    service,
    recorder,
    client: () =>
      new UsersClient({ baseUrl: service.baseUrl, fetch: recorder.fetch, now: () => now, retry: 0 }),
    step: (name) => {
      now += 1000;
      recorder.step(name);
      return new Date(now);
    },
  };
  const admin = rig.client();
  const anonymous = rig.client();
  const adminTokens = await signInAdmin(rig, admin, anonymous);
  const cast = await createUsers(rig, admin, anonymous);
  const jane = rig.client();
  rig.step('login with an email address');
  await jane.login({ username: 'jane@example.com', password: 'jane-secret-1', description: 'contract run' });
  await readUsers(rig, admin, jane, cast);
  await updateUsers(rig, admin, jane, cast);
  await changePasswords(rig, jane, anonymous);
  await verifyEmail(rig, anonymous, cast);
  await manageSessions(rig, jane);
  await changeStatus(rig, admin, cast);
  await replyWithErrors(rig, admin, anonymous, adminTokens.access_token, cast);
  rig.step('logout');
  await jane.logout();
  await admin.logout();
  expect(service.count('POST', '/users/tokens/revoke')).toBeGreaterThanOrEqual(3);
  return recorder.exchanges;
}

async function signInAdmin(rig: Rig, admin: UsersClient, anonymous: UsersClient) {
  rig.step('health');
  expect((await anonymous.health()).status).toBe('pass');
  rig.step('login as admin');
  const tokens = await admin.login({ username: seededAdmin.username, password: seededAdmin.password });
  rig.step('admin profile');
  expect((await admin.profile()).role).toBe('admin');
  return tokens;
}

async function createUsers(rig: Rig, admin: UsersClient, anonymous: UsersClient): Promise<Cast> {
  const janeCreated = rig.step('create as admin');
  const jane = await admin.create({
    first_name: 'Jane',
    last_name: 'Doe',
    email: 'jane@example.com',
    credentials: { username: 'janedoe', secret: 'jane-secret-1' },
    tags: ['ops', 'eu'],
    metadata: { team: 'ops' },
    private_metadata: { desk: 4 },
    profile_picture: 'https://example.com/jane.png',
    role: 'user',
    status: 'enabled',
  });
  const bobCreated = rig.step('self-register');
  const bob = await anonymous.create({
    first_name: 'Bob',
    last_name: 'Smith',
    email: 'bob@example.com',
    credentials: { username: 'bobsmith', secret: 'bob-secret-1' },
    tags: ['ops'],
  });
  rig.step('self-register an unverified user');
  const carol = await anonymous.create({
    first_name: 'Carol',
    last_name: 'Jones',
    email: 'carol@example.com',
    credentials: { username: 'caroljones', secret: 'carol-secret-1' },
  });
  expect([jane.status, bob.role, carol.verified_at]).toEqual(['enabled', 'user', '0001-01-01T00:00:00Z']);
  return { jane, bob, carol, janeCreated, bobCreated };
}

async function readUsers(rig: Rig, admin: UsersClient, jane: UsersClient, cast: Cast): Promise<void> {
  rig.step('profile');
  expect((await jane.profile()).id).toBe(cast.jane.id);
  rig.step('get');
  expect((await admin.get(cast.jane.id)).private_metadata).toEqual({ desk: 4 });
  expect((await jane.get(cast.bob.id)).email).toBeUndefined();
  await listUsers(rig, admin, cast);
  rig.step('search');
  const ids = (page: { users: User[] }) => page.users.map((user) => user.id);
  expect(ids(await jane.search({ username: 'bob' }))).toEqual([cast.bob.id]);
  const byName = await jane.search({ first_name: 'Bo', limit: 5, offset: 0, order: 'username', dir: 'asc' });
  expect(ids(byName)).toEqual([cast.bob.id]);
  expect(ids(await jane.search({ id: cast.bob.id }))).toEqual([cast.bob.id]);
}

async function listUsers(rig: Rig, admin: UsersClient, cast: Cast): Promise<void> {
  const ids = async (params: Parameters<UsersClient['list']>[0]) =>
    (await admin.list(params)).users.map((user) => user.id).sort();
  const { jane, bob } = cast;
  rig.step('list');
  expect((await admin.list()).total).toBe(4);
  const page = await admin.list({ limit: 2, offset: 1, order: 'username', dir: 'asc' });
  expect(page.users.map((user) => user.credentials?.username)).toEqual(['bobsmith', 'caroljones']);
  expect((await admin.list({ status: 'all' })).total).toBe(4);
  expect(await ids({ metadata: { team: 'ops' } })).toEqual([jane.id]);
  expect(await ids({ tags: ['eu', 'sales'] })).toEqual([jane.id]);
  expect(await ids({ tags: { all: ['ops', 'eu'] } })).toEqual([jane.id]);
  expect(await admin.list({ only_total: true })).toMatchObject({ total: 4, users: [] });
  const window = { created_from: cast.janeCreated, created_to: cast.bobCreated };
  expect(await ids(window)).toEqual([jane.id, bob.id].sort());
  expect(await ids({ username: 'jane', email: 'example.com', first_name: 'Ja', last_name: 'Do' })).toEqual([
    jane.id,
  ]);
  expect(await ids({ id: jane.id })).toEqual([jane.id]);
}

async function updateUsers(rig: Rig, admin: UsersClient, jane: UsersClient, cast: Cast): Promise<void> {
  const id = cast.jane.id;
  rig.step('update');
  expect((await jane.update(id, { first_name: 'Janice', metadata: { team: 'eu' } })).first_name).toBe(
    'Janice',
  );
  rig.step('update tags');
  expect((await jane.updateTags(id, ['eu'])).tags).toEqual(['eu']);
  rig.step('update email');
  expect((await jane.updateEmail(id, 'janice@example.com')).email).toBe('janice@example.com');
  rig.step('update username');
  expect((await jane.updateUsername(id, 'janice')).credentials?.username).toBe('janice');
  rig.step('update profile picture');
  const picture = 'https://example.com/janice.png';
  expect((await jane.updateProfilePicture(id, picture)).profile_picture).toBe(picture);
  rig.step('update role');
  expect((await admin.updateRole(cast.bob.id, 'admin')).role).toBe('admin');
  expect((await admin.updateRole(cast.bob.id, 'user')).role).toBe('user');
}

async function changePasswords(rig: Rig, jane: UsersClient, anonymous: UsersClient): Promise<void> {
  rig.step('update password');
  expect((await jane.updatePassword('jane-secret-1', 'jane-secret-2')).credentials?.username).toBe('janice');
  rig.step('request a password reset');
  await anonymous.requestPasswordReset('janice@example.com');
  const mail = rig.service.outbox.findLast((sent) => sent.kind === 'password-reset');
  expect(mail?.to).toBe('janice@example.com');
  rig.step('reset the password');
  await anonymous.resetPassword({
    token: mail?.token ?? '',
    password: 'jane-secret-3',
    confirmPassword: 'jane-secret-3',
  });
  rig.step('login with the reset password');
  await expect(rig.client().login({ username: 'janice', password: 'jane-secret-3' })).resolves.toBeDefined();
}

async function verifyEmail(rig: Rig, anonymous: UsersClient, cast: Cast): Promise<void> {
  const carol = rig.client();
  rig.step('login as the unverified user');
  await carol.login({ username: 'caroljones', password: 'carol-secret-1' });
  rig.step('send a verification mail');
  await carol.sendVerification();
  const mail = rig.service.outbox.findLast((sent) => sent.kind === 'verification');
  expect(mail?.to).toBe(cast.carol.email);
  rig.step('verify the email');
  await anonymous.verifyEmail(mail?.token ?? '');
  rig.step('refresh after verifying');
  await carol.refresh();
  rig.step('profile after verifying');
  expect((await carol.profile()).verified_at).not.toBe('0001-01-01T00:00:00Z');
  rig.step('revoke the only session');
  const [session] = await carol.listRefreshTokens();
  await carol.revokeRefreshToken(session?.id ?? '');
  expect(await carol.listRefreshTokens()).toEqual([]);
}

async function manageSessions(rig: Rig, jane: UsersClient): Promise<void> {
  rig.step('login on a second device');
  const laptop = rig.client();
  await laptop.login({ username: 'janice', password: 'jane-secret-3', description: 'laptop' });
  rig.step('list refresh tokens');
  const sessions = await jane.listRefreshTokens();
  const other = sessions.find((session) => session.description === 'laptop');
  expect(other).toBeDefined();
  rig.step('revoke a refresh token');
  await jane.revokeRefreshToken(other?.id ?? '');
  expect((await jane.listRefreshTokens()).map((session) => session.id)).not.toContain(other?.id);
  rig.step('refresh');
  const before = await jane.profile();
  await jane.refresh();
  expect((await jane.profile()).id).toBe(before.id);
}

async function changeStatus(rig: Rig, admin: UsersClient, cast: Cast): Promise<void> {
  rig.step('disable');
  expect((await admin.disable(cast.bob.id)).status).toBe('disabled');
  rig.step('enable');
  expect((await admin.enable(cast.bob.id)).status).toBe('enabled');
  rig.step('delete');
  await admin.delete(cast.carol.id);
  expect((await admin.get(cast.carol.id)).status).toBe('deleted');
}

async function replyWithErrors(
  rig: Rig,
  admin: UsersClient,
  anonymous: UsersClient,
  adminToken: string,
  cast: Cast,
): Promise<void> {
  rig.step('404: get an unknown user');
  await expect(admin.get(crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError);
  rig.step('400: create a duplicate');
  const duplicate = {
    first_name: 'Again',
    last_name: 'Doe',
    email: 'again@example.com',
    credentials: { username: 'janice', secret: 'again-secret' },
  };
  await expect(admin.create(duplicate)).rejects.toBeInstanceOf(BadRequestError);
  rig.step('401: login with a wrong password');
  await expect(anonymous.login({ username: 'janice', password: 'wrong-secret' })).rejects.toBeInstanceOf(
    AuthenticationError,
  );
  rig.step('401: a token the service did not issue');
  await expect(anonymous.withAccessToken('not-a-token').profile()).rejects.toBeInstanceOf(
    AuthenticationError,
  );
  rig.step('422: enable an enabled user');
  await expect(admin.enable(cast.bob.id)).rejects.toBeInstanceOf(UnprocessableEntityError);
  await replyToRawRequests(rig, adminToken);
}

// Requests the SDK cannot be made to send: only their responses are checked.
async function replyToRawRequests(rig: Rig, adminToken: string): Promise<void> {
  const base = rig.service.baseUrl;
  rig.step('415: login with a text body');
  const textLogin = await rig.recorder.rawFetch(`${base}/users/tokens/issue`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: '{}',
  });
  expect(textLogin.status).toBe(415);
  rig.step('search with limit 0');
  const search = await rig.recorder.rawFetch(`${base}/users/search?username=bob&limit=0`, {
    headers: { Authorization: `Bearer ${adminToken}` },
  });
  expect(search.status).toBe(200);
}
