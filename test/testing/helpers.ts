import { decodeJwt } from 'jose';
import type { FakeUsersService } from 'magistrala-users/testing';

/** A user as the fake service sends it (loosely typed: tests assert on the exact shape). */
export interface WireUser {
  id: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  credentials: { username?: string; secret?: string };
  tags?: string[];
  metadata?: Record<string, unknown>;
  private_metadata?: Record<string, unknown>;
  profile_picture?: string;
  status: string;
  role: string;
  created_at: string;
  updated_at: string;
  updated_by?: string;
  verified_at: string;
}

export interface WirePage {
  total: number;
  limit?: number;
  offset?: number;
  users: WireUser[];
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
}

export interface Reply<T> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export interface SendOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  contentType?: string | null;
  headers?: Record<string, string>;
}

/** Sends one request through `service.fetch` and reads the whole reply. */
export async function send<T = Record<string, unknown>>(
  service: FakeUsersService,
  method: string,
  path: string,
  options: SendOptions = {},
): Promise<Reply<T>> {
  const headers = new Headers(options.headers);
  if (options.token !== undefined) headers.set('Authorization', `Bearer ${options.token}`);
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const contentType = options.contentType === undefined && hasBody ? 'application/json' : options.contentType;
  if (contentType) headers.set('Content-Type', contentType);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await service.fetch(`${service.baseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parse(text) as T };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Logs in and returns the token pair (fails the test when login fails). */
export async function login(
  service: FakeUsersService,
  username: string,
  password = '12345678',
  description?: string,
): Promise<TokenPair> {
  const reply = await send<TokenPair>(service, 'POST', '/users/tokens/issue', {
    body: { username, password, ...(description === undefined ? {} : { description }) },
  });
  if (reply.status !== 201) throw new Error(`login failed with ${reply.status}: ${reply.text}`);
  return reply.json;
}

/** The seeded admin's access token. */
export async function adminToken(service: FakeUsersService): Promise<string> {
  return (await login(service, 'admin')).access_token;
}

let sequence = 0;

/** A valid create body with unique email and username. */
export function newUserBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    first_name: 'Jane',
    last_name: 'Doe',
    email: `jane${sequence}@example.com`,
    credentials: { username: `jane${sequence}`, secret: '12345678' },
    ...overrides,
  };
}

/** Registers a user (self-registration) and returns it. */
export async function createUser(
  service: FakeUsersService,
  overrides: Record<string, unknown> = {},
  token?: string,
): Promise<WireUser> {
  const reply = await send<WireUser>(service, 'POST', '/users', {
    body: newUserBody(overrides),
    ...(token === undefined ? {} : { token }),
  });
  if (reply.status !== 201) throw new Error(`create failed with ${reply.status}: ${reply.text}`);
  return reply.json;
}

/** Registers a user and logs it in. */
export async function signUp(
  service: FakeUsersService,
  overrides: Record<string, unknown> = {},
): Promise<{ user: WireUser; tokens: TokenPair; token: string }> {
  const user = await createUser(service, overrides);
  const tokens = await login(service, user.credentials.username ?? '');
  return { user, tokens, token: tokens.access_token };
}

/** The claims of a JWT, unverified. */
export function claimsOf(token: string): Record<string, unknown> {
  return decodeJwt(token);
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1, 12, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
