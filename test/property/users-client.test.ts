import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputValidationError, MagistralaError, UsersClient } from '../../src/index.ts';
import { pair } from '../support/fixtures.ts';
import { Hostile, materialize, metadata, number, requestOptions, stringish, text } from './arbitraries.ts';

// Proof for issue 7: whatever any public method of UsersClient is given, it answers with the SDK's own errors,
// sends nothing when the input is invalid, and sends nothing off its own route. The network is an in-process
// fetch that records every request and answers with one reply that every reply schema accepts.

/** Runs per method (`FC_RUNS` overrides it for a longer soak); with the constructor's this makes 13 000 per `npm test`. */
const runsPerMethod = Number(process.env.FC_RUNS ?? 400);
/** `FC_SEED` replays the seed a failure printed. */
const seed = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };

const base = 'http://users.test/api/users';
const tokens = await pair();
const reply = JSON.stringify({
  id: 'u-1',
  status: 'pass',
  total: 0,
  users: [],
  refresh_tokens: [],
  ...tokens,
});

interface Seen {
  readonly method: string;
  readonly url: URL;
}

const sent: Seen[] = [];
const fetch = async (input: Request | URL | string, init?: RequestInit) => {
  const request = input instanceof Request ? input : new Request(input, init);
  sent.push({ method: request.method, url: new URL(request.url) });
  return new Response(reply, { status: 200, headers: { 'content-type': 'application/json' } });
};

/** The one route a method may use: its HTTP method, and a path whose `{segment}` must decode to `segment`. */
interface Route {
  readonly method: string;
  readonly path: string;
  readonly segment?: unknown;
}

const id = (given: unknown, suffix = '') => ({ path: `/users/{}${suffix}`, segment: given });

/** Every public method, how to call it from generated arguments, and the route it may use. */
interface Case {
  readonly args: fc.Arbitrary<unknown[]>;
  readonly call: (users: UsersClient, args: unknown[]) => unknown;
  readonly route: ((args: unknown[]) => Route) | undefined;
}

const call =
  (name: string) =>
  (users: UsersClient, args: unknown[]): unknown =>
    (users as unknown as Record<string, (...a: unknown[]) => unknown>)[name]?.(...args);

const drain = (name: 'listAll' | 'searchAll') => async (users: UsersClient, args: unknown[]) => {
  let pages = 0;
  for await (const _ of users[name](...(args as [never, never]))) if (++pages > 3) break;
};

const createInput = fc.oneof(
  fc.record(
    {
      first_name: stringish,
      last_name: stringish,
      email: stringish,
      credentials: fc.oneof(
        fc.record({ username: stringish, secret: stringish }, { requiredKeys: [] }),
        metadata,
      ),
      tags: fc.oneof(fc.array(text, { maxLength: 3 }), metadata),
      metadata,
      private_metadata: metadata,
      role: fc.oneof(fc.constantFrom('user', 'admin'), stringish),
      status: fc.oneof(fc.constantFrom('enabled', 'disabled'), stringish),
    },
    { requiredKeys: [] },
  ),
  metadata,
);

const listParams = fc.oneof(
  fc.record(
    {
      limit: number,
      offset: number,
      order: stringish,
      dir: fc.oneof(fc.constantFrom('asc', 'desc'), stringish),
      status: fc.oneof(fc.constantFrom('enabled', 'all'), stringish),
      metadata,
      username: stringish,
      email: stringish,
      first_name: stringish,
      id: stringish,
      tags: fc.oneof(
        fc.array(text, { maxLength: 3 }),
        fc.record({ all: fc.array(text, { maxLength: 3 }) }),
        metadata,
      ),
      only_total: fc.oneof(fc.boolean(), stringish),
      created_from: fc.oneof(fc.date({ noInvalidDate: false }), stringish),
    },
    { requiredKeys: [] },
  ),
  metadata,
);

const searchParams = fc.oneof(
  fc.record(
    {
      username: stringish,
      first_name: stringish,
      last_name: stringish,
      id: stringish,
      limit: number,
      offset: number,
    },
    { requiredKeys: [] },
  ),
  metadata,
);

const args = (...items: fc.Arbitrary<unknown>[]) => fc.tuple(...items, requestOptions);

const cases: Record<string, Case> = {
  create: {
    args: args(createInput),
    call: call('create'),
    route: () => ({ method: 'POST', path: '/users' }),
  },
  login: {
    args: args(
      fc.oneof(
        fc.record({ username: stringish, password: stringish, description: stringish }, { requiredKeys: [] }),
        metadata,
      ),
    ),
    call: call('login'),
    route: () => ({ method: 'POST', path: '/users/tokens/issue' }),
  },
  refresh: {
    args: args(),
    call: call('refresh'),
    route: () => ({ method: 'POST', path: '/users/tokens/refresh' }),
  },
  logout: {
    args: args(),
    call: call('logout'),
    route: () => ({ method: 'POST', path: '/users/tokens/revoke' }),
  },
  sessionDeadline: { args: fc.tuple(), call: call('sessionDeadline'), route: undefined },
  get: { args: args(stringish), call: call('get'), route: ([given]) => ({ method: 'GET', ...id(given) }) },
  profile: { args: args(), call: call('profile'), route: () => ({ method: 'GET', path: '/users/profile' }) },
  list: { args: args(listParams), call: call('list'), route: () => ({ method: 'GET', path: '/users' }) },
  listAll: {
    args: args(listParams),
    call: drain('listAll'),
    route: () => ({ method: 'GET', path: '/users' }),
  },
  search: {
    args: args(searchParams),
    call: call('search'),
    route: () => ({ method: 'GET', path: '/users/search' }),
  },
  searchAll: {
    args: args(searchParams),
    call: drain('searchAll'),
    route: () => ({ method: 'GET', path: '/users/search' }),
  },
  update: {
    args: args(
      stringish,
      fc.oneof(
        fc.record(
          { first_name: stringish, last_name: stringish, metadata, private_metadata: metadata },
          { requiredKeys: [] },
        ),
        metadata,
      ),
    ),
    call: call('update'),
    route: ([given]) => ({ method: 'PATCH', ...id(given) }),
  },
  updateTags: {
    args: args(stringish, fc.oneof(fc.array(stringish, { maxLength: 4 }), metadata)),
    call: call('updateTags'),
    route: ([given]) => ({ method: 'PATCH', ...id(given, '/tags') }),
  },
  updateEmail: {
    args: args(stringish, stringish),
    call: call('updateEmail'),
    route: ([given]) => ({ method: 'PATCH', ...id(given, '/email') }),
  },
  updateUsername: {
    args: args(stringish, stringish),
    call: call('updateUsername'),
    route: ([given]) => ({ method: 'PATCH', ...id(given, '/username') }),
  },
  updateProfilePicture: {
    args: args(stringish, stringish),
    call: call('updateProfilePicture'),
    route: ([given]) => ({ method: 'PATCH', ...id(given, '/picture') }),
  },
  updateRole: {
    args: args(stringish, fc.oneof(fc.constantFrom('user', 'admin'), stringish)),
    call: call('updateRole'),
    route: ([given]) => ({ method: 'PATCH', ...id(given, '/role') }),
  },
  updatePassword: {
    args: args(stringish, stringish),
    call: call('updatePassword'),
    route: () => ({ method: 'PATCH', path: '/users/secret' }),
  },
  requestPasswordReset: {
    args: args(stringish),
    call: call('requestPasswordReset'),
    route: () => ({ method: 'POST', path: '/password/reset-request' }),
  },
  resetPassword: {
    args: args(
      fc.oneof(
        fc.record(
          { token: stringish, password: stringish, confirmPassword: stringish },
          { requiredKeys: [] },
        ),
        stringish.map((same) => ({ token: 'reset-token', password: same, confirmPassword: same })),
        metadata,
      ),
    ),
    call: call('resetPassword'),
    route: () => ({ method: 'PUT', path: '/password/reset' }),
  },
  enable: {
    args: args(stringish),
    call: call('enable'),
    route: ([given]) => ({ method: 'POST', ...id(given, '/enable') }),
  },
  disable: {
    args: args(stringish),
    call: call('disable'),
    route: ([given]) => ({ method: 'POST', ...id(given, '/disable') }),
  },
  delete: {
    args: args(stringish),
    call: call('delete'),
    route: ([given]) => ({ method: 'DELETE', ...id(given) }),
  },
  listRefreshTokens: {
    args: args(),
    call: call('listRefreshTokens'),
    route: () => ({ method: 'GET', path: '/users/tokens/refresh-tokens' }),
  },
  revokeRefreshToken: {
    args: args(stringish),
    call: call('revokeRefreshToken'),
    route: () => ({ method: 'POST', path: '/users/tokens/revoke' }),
  },
  sendVerification: {
    args: args(),
    call: call('sendVerification'),
    route: () => ({ method: 'POST', path: '/users/send-verification' }),
  },
  verifyEmail: {
    args: args(stringish),
    call: call('verifyEmail'),
    route: () => ({ method: 'GET', path: '/verify-email' }),
  },
  health: { args: args(), call: call('health'), route: () => ({ method: 'GET', path: '/health' }) },
  withAccessToken: {
    args: fc.tuple(stringish),
    call: async (users, [token]) => {
      const other = users.withAccessToken(token as string);
      await other.profile();
    },
    route: () => ({ method: 'GET', path: '/users/profile' }),
  },
  dispose: { args: fc.tuple(), call: call('dispose'), route: undefined },
};

let runs = 0;

/** Checks one request against its method's route. */
function onRoute(seen: Seen, route: Route): boolean {
  if (seen.method !== route.method || seen.url.origin !== 'http://users.test') return false;
  const path = seen.url.pathname;
  if (!path.startsWith('/api/users/')) return false;
  const rest = path.slice('/api/users'.length);
  if (route.segment === undefined) return rest === route.path;
  const [before, after] = route.path.split('{}') as [string, string];
  if (!rest.startsWith(before) || !rest.endsWith(after)) return false;
  const segment = rest.slice(before.length, rest.length - after.length);
  return !segment.includes('/') && decodeURIComponent(segment) === route.segment;
}

describe('property: every public method of UsersClient', () => {
  it('has a case here (a new method needs one)', () => {
    const methods = Object.getOwnPropertyNames(UsersClient.prototype).filter(
      (name) => name !== 'constructor',
    );
    expect(methods.sort()).toEqual(Object.keys(cases).sort());
  });

  for (const [name, { args: generated, call: invoke, route }] of Object.entries(cases)) {
    it(`${name}: only SDK errors, nothing sent for invalid input, nothing off its route`, async () => {
      // fc.assert rejects with the shrunk counterexample when the property fails: that rejection is the check.
      await expect(
        fc.assert(
          fc.asyncProperty(generated, async (given) => {
            runs++;
            const users = new UsersClient({ baseUrl: base, fetch, tokens, keepAlive: false, retry: 0 });
            sent.length = 0;
            let error: unknown;
            try {
              await invoke(users, materialize(given) as unknown[]);
            } catch (caught) {
              error = caught;
            }
            if (error !== undefined && !(error instanceof MagistralaError)) {
              throw new Error(`not an SDK error: ${Object.prototype.toString.call(error)} ${String(error)}`);
            }
            if (error instanceof InputValidationError && sent.length > 0) {
              throw new Error(`InputValidationError after sending ${sent.length} request(s)`);
            }
            const expected = route?.(given.map((item) => (item instanceof Hostile ? undefined : item)));
            for (const seen of sent) {
              if (!expected || !onRoute(seen, expected)) {
                throw new Error(`off its route: ${seen.method} ${seen.url.pathname}`);
              }
            }
          }),
          { numRuns: runsPerMethod, ...seed },
        ),
      ).resolves.toBeUndefined();
    });
  }
});

describe('property: the constructor', () => {
  const options = fc.oneof(
    fc.record(
      {
        baseUrl: fc.oneof(fc.constant(base), text, number),
        timeout: number,
        totalTimeout: number,
        retry: fc.oneof(number, fc.record({ limit: number, maxRetryAfter: number, backoffLimit: number })),
        maxResponseBytes: number,
        headers: fc.oneof(fc.dictionary(text, text, { maxKeys: 2 }), number),
        tokens: fc.oneof(
          fc.record({ access_token: text, refresh_token: text }, { requiredKeys: [] }),
          number,
        ),
        accessToken: fc.oneof(fc.constant(undefined), text),
        refreshMargin: number,
        keepAlive: fc.oneof(fc.constant(false), number),
        validateResponses: fc.oneof(fc.constantFrom('strict', 'off'), text),
        fetch: fc.oneof(fc.constant(fetch), number),
      },
      { requiredKeys: ['baseUrl'] },
    ),
    number,
  );

  it('new UsersClient(anything) is a client or an InputValidationError, and sends nothing', () => {
    // fc.assert throws the shrunk counterexample when the property fails: that throw is the check.
    expect(() =>
      fc.assert(
        fc.property(options, (given) => {
          runs++;
          sent.length = 0;
          try {
            new UsersClient(materialize(given) as never);
          } catch (error) {
            if (!(error instanceof InputValidationError)) {
              throw new Error(`not an InputValidationError: ${Object.prototype.toString.call(error)}`);
            }
          }
          return sent.length === 0;
        }),
        { numRuns: Math.max(1000, runsPerMethod), ...seed },
      ),
    ).not.toThrow();
  });
});

describe("property: the run count (a check of this file's set-up, not of the SDK)", () => {
  // Tests in a file run in order: this one runs last, after every property above. It counts the cases fast-check
  // fed to the properties above, so it fails when their numRuns settings no longer add up to what the README says;
  // it tests nothing in the SDK.
  it('set-up check: the properties above ran at least 10 000 cases in total (the figure the README quotes)', () => {
    console.info(`property runs: ${runs}`);
    expect(runs).toBeGreaterThanOrEqual(10_000);
  });
});
