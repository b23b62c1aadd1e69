/**
 * `createFakeAtomService`: an in-memory ATOM (the identity service of Magistrala v0.40 and later) with the semantics
 * of `atom-contract.md` §8, for tests and demos.
 *
 * @module
 */
import type { JWK } from 'jose';
import { type FakeService, fakeService } from '../fake-service.ts';
import { applyFault, FaultQueue } from '../faults.ts';
import { type RecordedRequest, recordRequest } from '../recorded-request.ts';
import type { RequestHandler } from '../request-handler.ts';
import { serveGraphql } from './atom-graphql.ts';
import { allowedMethods, empty, json, restRoute, runRest } from './atom-rest.ts';
import { AtomError, AtomState, seededAdminId } from './atom-state.ts';

/**
 * The platform admin every fake ATOM starts with (`atom-admin` role, no `entity_emails` row: it logs in by name,
 * id, or its `attributes.email`).
 *
 * @example
 * ```ts
 * await users.login({ username: seededAtomAdmin.username, password: seededAtomAdmin.password });
 * ```
 */
export const seededAtomAdmin = Object.freeze({
  /** Its entity id, as in ATOM's first migration. */
  id: seededAdminId,
  /** Its `name`, the login name. */
  username: 'admin',
  /** Its `attributes.email`, which logs in too. */
  email: 'admin@example.com',
  /** Its password. */
  password: '12345678',
});

/**
 * A JSON Web Key Set: the public keys that verify the service's tokens.
 *
 * @example
 * ```ts
 * const set: JsonWebKeys = await atom.jwks();
 * ```
 */
export interface JsonWebKeys {
  /** The keys (`kty`, `crv`, `x`, `y`, `kid`, `use`, `alg`). */
  readonly keys: JWK[];
}

/**
 * Options of {@link createFakeAtomService}; every one has a default.
 *
 * @example
 * ```ts
 * const atom = createFakeAtomService({ tokenTtl: 120_000, now: () => clock });
 * ```
 */
export interface FakeAtomServiceOptions {
  /** Where the service lives for `fetch` and msw (`mswHandlers(atom)` from `magistrala-users/testing/msw`). Default `http://localhost:8080`. */
  readonly baseUrl?: string;
  /** The clock (epoch ms) behind every expiry and timestamp. Default `Date.now`. */
  readonly now?: () => number;
  /** A session JWT's lifetime (`JWT_EXPIRY_SECS`), in ms; each `refreshSession` slides the session by it. Default 1 hour. */
  readonly tokenTtl?: number;
  /** `ATOM_MIN_PASSWORD_CHARS`. Default 8, as Magistrala sets it. */
  readonly minPasswordChars?: number;
  /** `ATOM_SELF_REGISTRATION_ENABLED`. Default `true`. */
  readonly selfRegistration?: boolean;
  /** `ATOM_ALLOW_UNVERIFIED_EMAIL_LOGIN`. Default `false`: signup users log in after verifying. */
  readonly allowUnverifiedEmailLogin?: boolean;
}

/**
 * A running fake ATOM. See {@link createFakeAtomService}.
 *
 * @remarks
 * Its outbox holds the verification and password-reset mails, with `atomv_…` and `atomr_…` tokens.
 *
 * @example
 * ```ts
 * const atom = createFakeAtomService();
 * atom.fail({ path: '/graphql' }, { kind: 'status', status: 503 });
 * expect(atom.count('POST', '/graphql')).toBe(1);
 * ```
 */
export interface FakeAtomService extends FakeService {
  /**
   * How many GraphQL requests selected root field `field` (e.g. `refreshSession`).
   *
   * @example
   * ```ts
   * expect(atom.countOperation('refreshSession')).toBe(1);
   * ```
   */
  countOperation(field: string): number;
  /**
   * The JWKS (`GET /.well-known/jwks.json`).
   *
   * @example
   * ```ts
   * const keys = createLocalJWKSet(await atom.jwks());
   * ```
   */
  jwks(): Promise<JsonWebKeys>;
}

/**
 * Creates an in-memory ATOM.
 *
 * @remarks
 * REST: `/auth/login`, `/auth/logout`, `/auth/introspect`, `/auth/session`, `/auth/signup`, `/auth/email/verify`,
 * `/auth/email/resend`, `/auth/password/reset/request`, `/auth/password/reset`, `/health[/live|/ready]`,
 * `/.well-known/jwks.json` (`{"error": …}` bodies, axum's plain-text 415/400/422 rejections, 404/405 with empty
 * bodies). GraphQL at `POST /graphql`: `entity`, `entities` (live listings filtered to what the caller may read, the
 * `total` of 0 past the end, `createdAt DESC`), `createEntity`, `updateEntity` (attributes replaced whole),
 * `enableEntity`, `disableEntity`, `deleteEntity` (soft, revoking credentials and sessions), `createPassword`,
 * `credentials`, `revokeCredential`, `roleAssignments`, `createRoleAssignment`, `deleteRoleAssignment`, `login`,
 * `refreshSession` (sliding, the old JWT still valid), `logout`, `health`; failures as HTTP 200 `errors[]`, and an
 * invalid bearer fails the whole request before execution. ES256 JWTs with a `kid`; the 5-failures-in-15-minutes
 * login throttle (429, `Retry-After: 900`). The `graphql` package (an optional peer) is loaded on the first GraphQL
 * request.
 *
 * @example
 * ```ts
 * import { createFakeAtomService } from 'magistrala-users/testing';
 * import { UsersClient } from 'magistrala-users';
 *
 * const atom = createFakeAtomService();
 * const users = new UsersClient({ baseUrl: atom.baseUrl, fetch: atom.fetch, backend: 'atom' });
 * await users.login({ username: 'admin', password: '12345678' });
 * ```
 */
export function createFakeAtomService(options: FakeAtomServiceOptions = {}): FakeAtomService {
  const baseUrl = (options.baseUrl ?? 'http://localhost:8080').replace(/\/+$/, '');
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const state = new AtomState(
    {
      now: options.now ?? Date.now,
      tokenTtl: options.tokenTtl ?? 3_600_000,
      minPasswordChars: options.minPasswordChars ?? 8,
      selfRegistration: options.selfRegistration ?? true,
      allowUnverifiedEmailLogin: options.allowUnverifiedEmailLogin ?? false,
    },
    baseUrl,
  );
  const faults = new FaultQueue();
  const log: RecordedRequest[] = [];
  const handle: RequestHandler = async (request) => {
    const url = new URL(request.url);
    const path =
      basePath && url.pathname.startsWith(basePath)
        ? url.pathname.slice(basePath.length) || '/'
        : url.pathname;
    const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    log.push(recordRequest(request, url, path, body));
    const fault = faults.take(request.method, path);
    const faultReply = fault && (await applyFault(fault, request.signal));
    if (faultReply) return faultReply;
    const header = request.headers.get('authorization');
    if (path === '/graphql') {
      if (request.method !== 'POST') return new Response(null, { status: 405, headers: { Allow: 'POST' } });
      if (header !== null && !header.startsWith('Bearer ')) {
        return json(200, { data: null, errors: [{ message: 'Authorization header must use Bearer' }] });
      }
      return serveGraphql(state, body, header?.slice('Bearer '.length));
    }
    const route = restRoute(request.method, path);
    if (route === undefined) return empty(404);
    if (route === 'wrong-method')
      return new Response(null, { status: 405, headers: { Allow: allowedMethods(path).join(', ') } });
    const caller = async () => {
      if (header === null) throw new AtomError(401, 'missing authentication');
      if (!header.startsWith('Bearer ')) throw new AtomError(401, 'Authorization header must use Bearer');
      return state.authenticate(header.slice('Bearer '.length));
    };
    return runRest(route, { state, request, body, query: url.searchParams, caller });
  };
  const service: FakeAtomService = {
    ...fakeService({
      baseUrl,
      basePath,
      handle,
      log,
      faults,
      outbox: state.outbox,
      resetState: () => state.reset(),
    }),
    countOperation: (field) =>
      log.filter((entry) => entry.path === '/graphql' && rootField(entry.json) === field).length,
    jwks: () => state.tokens.jwks(),
  };
  const summary = () => ({ baseUrl, requests: log.length, outbox: state.outbox.length });
  Object.defineProperties(service, {
    toJSON: { value: summary, enumerable: false },
    [Symbol.for('nodejs.util.inspect.custom')]: {
      value: () => `FakeAtomService ${JSON.stringify(summary())}`,
    },
  });
  return service;
}

function rootField(body: unknown): string | undefined {
  const query = (body as { query?: unknown } | undefined)?.query;
  return typeof query === 'string' ? /\{\s*(\w+)/.exec(query)?.[1] : undefined;
}
