/**
 * A fake users service and an SDK client signed in to it as the seeded admin, sharing one hand-driven clock.
 *
 * @module
 */
import { UsersClient, type UsersClientOptions } from '../src/index.ts';
import { createFakeUsersService, type FakeUsersService, seededAdmin } from '../src/testing/index.ts';

/**
 * A clock that only moves when told to: the fake and the client read it, so token expiry is under the benchmark's
 * control and no refresh happens unless a benchmark asks for one.
 *
 * @example
 * ```ts
 * clock.now += 61 * 60_000; // every access token issued so far has expired
 * ```
 */
export interface ManualClock {
  now: number;
}

/**
 * What {@link signInAsAdmin} sets up.
 *
 * @example
 * ```ts
 * const { users, adminId } = await signInAsAdmin();
 * await users.get(adminId);
 * ```
 */
export interface AdminSession {
  readonly service: FakeUsersService;
  readonly clock: ManualClock;
  /** A client signed in as the admin, talking to `service.fetch`. */
  readonly users: UsersClient;
  readonly adminId: string;
  /** The session's current access token, for requests made without the SDK. */
  readonly accessToken: string;
}

/**
 * Creates a fake users service and a client signed in as its seeded admin, both on a frozen clock.
 *
 * @example
 * ```ts
 * const { users, clock } = await signInAsAdmin({ retry: 0 });
 * ```
 */
export async function signInAsAdmin(options: Partial<UsersClientOptions> = {}): Promise<AdminSession> {
  const clock: ManualClock = { now: Date.parse('2026-03-01T12:00:00Z') };
  const service = createFakeUsersService({ now: () => clock.now });
  const users = new UsersClient({
    baseUrl: service.baseUrl,
    fetch: service.fetch,
    now: () => clock.now,
    ...options,
  });
  const tokens = await users.login({ username: seededAdmin.username, password: seededAdmin.password });
  const admin = await users.profile();
  return { service, clock, users, adminId: admin.id, accessToken: tokens.access_token };
}
