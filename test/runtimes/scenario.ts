/**
 * The cross-runtime smoke scenario: the SDK against its fake service through `fetch`, using web standards only.
 *
 * @remarks
 * This module runs unchanged in Node, Deno, Bun and browsers: no `node:` imports, no `process`. The smoke test
 * bundles it (through `main.ts`) and runs the bundle in each runtime.
 *
 * @module
 */
import {
  AuthenticationError,
  InputValidationError,
  MagistralaError,
  memoryTokenStore,
  NotFoundError,
  type TokenStore,
  UsersClient,
  webStorageTokenStore,
} from 'magistrala-users';
import { createFakeUsersService, type FakeUsersService, seededAdmin } from 'magistrala-users/testing';
import { detectRuntime, type RuntimeInfo } from './runtime-info.ts';

/** The storage key the scenario's Web Storage store writes, so it never touches the SDK's default entry. */
export const scenarioStorageKey = 'magistrala-users.runtime-smoke';

/**
 * What one step saw. Only facts that are the same on every run: no ids, timestamps or tokens.
 *
 * @example
 * ```ts
 * const step: StepReport = { step: 'search', observed: { usernames: ['ada'] } };
 * ```
 */
export interface StepReport {
  /** The step's name, such as `login` or `get-missing`. */
  readonly step: string;
  /** What it observed. */
  readonly observed: Readonly<Record<string, unknown>>;
}

/**
 * The scenario's outcome: what a runtime prints as its one JSON line.
 *
 * @example
 * ```ts
 * const report: ScenarioReport = await runScenario();
 * if (!report.ok) console.error(report.failure);
 * ```
 */
export interface ScenarioReport {
  /** Whether every step did what it should. */
  readonly ok: boolean;
  /** The runtime that ran it. */
  readonly runtime: RuntimeInfo['name'];
  /** That runtime's version (a browser's user agent). */
  readonly version: string;
  /** Which token store the client used. */
  readonly store: 'memory' | 'localStorage';
  /** The steps that passed, in order. */
  readonly steps: readonly StepReport[];
  /** The step that failed and why (secrets redacted); absent when `ok`. */
  readonly failure?: { readonly step: string; readonly error: string };
}

/**
 * Options of {@link runScenario}.
 *
 * @example
 * ```ts
 * await runScenario({ storage: globalThis.localStorage });
 * ```
 */
export interface ScenarioOptions {
  /** A Web Storage area for `webStorageTokenStore`; without one the client keeps its session in memory. */
  readonly storage?: Storage | undefined;
}

/**
 * Walks the SDK through a session against a fresh fake service and reports what it saw.
 *
 * @remarks
 * Steps: login as the seeded admin, create a user, list, search, a forced `refresh()` followed by a call, a missing
 * user (`NotFoundError`), invalid input (`InputValidationError`, nothing sent), logout, and a call after logout
 * (sent without a bearer, refused with `AuthenticationError`). It never throws: the first step that fails ends
 * the walk and is named in `failure`.
 *
 * @param options - Where the session lives.
 * @returns The report; `ok` only when every step passed.
 *
 * @example
 * ```ts
 * const report = await runScenario();
 * console.log(JSON.stringify(report));
 * ```
 */
export async function runScenario(options: ScenarioOptions = {}): Promise<ScenarioReport> {
  const { storage } = options;
  const tokenStore = storage ? webStorageTokenStore(storage, scenarioStorageKey) : memoryTokenStore();
  const service = createFakeUsersService();
  const client = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch, tokenStore });
  const context: StepContext = { service, client, tokenStore, storage };
  const runtime = detectRuntime();
  const steps: StepReport[] = [];
  const store: ScenarioReport['store'] = storage ? 'localStorage' : 'memory';
  const base = { runtime: runtime.name, version: runtime.version, store };
  for (const [step, run] of scenarioSteps) {
    try {
      steps.push({ step, observed: await run(context) });
    } catch (error) {
      return { ok: false, ...base, steps, failure: { step, error: describe(error) } };
    }
  }
  return { ok: true, ...base, steps };
}

interface StepContext {
  readonly service: FakeUsersService;
  readonly client: UsersClient;
  readonly tokenStore: TokenStore;
  readonly storage: Storage | undefined;
}

type Step = (context: StepContext) => Promise<Record<string, unknown>>;

const newUser = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada@example.com',
  credentials: { username: 'ada', secret: 'analytical-engine' },
  tags: ['smoke'],
};

const missingId = '00000000-0000-4000-8000-000000000000';

const scenarioSteps: ReadonlyArray<readonly [string, Step]> = [
  ['login', login],
  ['create', create],
  ['list', list],
  ['search', search],
  ['refresh', refresh],
  ['get-missing', getMissing],
  ['invalid-input', invalidInput],
  ['logout', logout],
  ['after-logout', afterLogout],
];

async function login({
  client,
  service,
  tokenStore,
  storage,
}: StepContext): Promise<Record<string, unknown>> {
  const pair = await client.login({ username: seededAdmin.username, password: seededAdmin.password });
  const claims = await service.verifyToken(pair.access_token);
  check(claims !== undefined, 'the access token does not verify');
  return { verified: true, ...(await sessionPlace(tokenStore, storage)) };
}

async function create({ client }: StepContext): Promise<Record<string, unknown>> {
  const user = await client.create(newUser);
  check(user.id.length > 0, 'the created user has no id');
  return { username: user.credentials?.username, status: user.status, role: user.role, tags: user.tags };
}

async function list({ client }: StepContext): Promise<Record<string, unknown>> {
  const page = await client.list({ order: 'username', dir: 'asc' });
  return { total: page.total, usernames: page.users.map((user) => user.credentials?.username) };
}

async function search({ client }: StepContext): Promise<Record<string, unknown>> {
  const page = await client.search({ username: 'ada' });
  const usernames = page.users.map((user) => user.credentials?.username).sort();
  return { usernames };
}

async function refresh({ client, tokenStore }: StepContext): Promise<Record<string, unknown>> {
  const before = await tokenStore.get();
  const after = await client.refresh();
  const stored = await tokenStore.get();
  const me = await client.profile();
  return {
    rotated: before?.access_token !== after.access_token && before?.refresh_token !== after.refresh_token,
    stored: stored?.access_token === after.access_token,
    profile: me.credentials?.username,
  };
}

async function getMissing({ client }: StepContext): Promise<Record<string, unknown>> {
  const error = await failureOf(client.get(missingId));
  check(error instanceof NotFoundError, `expected NotFoundError, got ${describe(error)}`);
  return { error: error.name, status: error.status };
}

async function invalidInput({ client, service }: StepContext): Promise<Record<string, unknown>> {
  const sentBefore = service.count();
  const error = await failureOf(client.create({ ...newUser, email: 'not-an-email' }));
  check(error instanceof InputValidationError, `expected InputValidationError, got ${describe(error)}`);
  return {
    error: error.name,
    paths: error.issues.map((issue) => issue.path),
    sent: service.count() - sentBefore,
  };
}

async function logout({
  client,
  service,
  tokenStore,
  storage,
}: StepContext): Promise<Record<string, unknown>> {
  await client.logout();
  return {
    revoked: service.count('POST', '/users/tokens/revoke'),
    ...(await sessionPlace(tokenStore, storage)),
  };
}

async function afterLogout({ client, service }: StepContext): Promise<Record<string, unknown>> {
  const error = await failureOf(client.profile());
  check(error instanceof AuthenticationError, `expected AuthenticationError, got ${describe(error)}`);
  const sent = service.requests.at(-1);
  return { error: error.name, status: error.status, bearer: sent?.headers.authorization !== undefined };
}

/** Where the session is now: in the store, and (for Web Storage) under the scenario's key. */
async function sessionPlace(
  tokenStore: TokenStore,
  storage: Storage | undefined,
): Promise<Record<string, unknown>> {
  const inStore = (await tokenStore.get()) !== undefined;
  return storage ? { inStore, inStorage: storage.getItem(scenarioStorageKey) !== null } : { inStore };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded but should have failed');
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Names an error for the report, with anything token- or password-like cut out, since the report gets printed. */
function describe(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error instanceof MagistralaError ? '' : 'unexpected '}${error.name}: ${error.message}`
      : String(error);
  return text
    .replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '[token]')
    .replaceAll(seededAdmin.password, '[password]')
    .replaceAll(newUser.credentials.secret, '[password]');
}
