/**
 * The fake ATOM's REST routes (`/auth/*`, `/health*`, the JWKS), with axum's plain-text extractor rejections.
 *
 * @module
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../json-value.ts';
import { AtomError, type AtomState, type Caller, checkedEmail } from './atom-state.ts';

/**
 * What a REST route gets.
 *
 * @example
 * ```ts
 * const reply = await runRest(route, { state, request, body, query, caller });
 * ```
 */
export interface RestContext {
  readonly state: AtomState;
  readonly request: Request;
  readonly body: string;
  readonly query: URLSearchParams;
  /** Authenticates the request's bearer (or rejects with 401 `missing authentication`). */
  readonly caller: () => Promise<Caller>;
}

type Route = (context: RestContext) => Promise<Response>;

/**
 * A REST JSON reply.
 *
 * @example
 * ```ts
 * json(200, { verified: true });
 * ```
 */
export function json(status: number, body: JsonValue, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/**
 * A plain-text reply, as axum's rejections are.
 *
 * @example
 * ```ts
 * text(415, 'Expected request with `Content-Type: application/json`');
 * ```
 */
export function text(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * An empty reply.
 *
 * @example
 * ```ts
 * empty(202);
 * ```
 */
export function empty(status: number): Response {
  return new Response(null, { status });
}

/** axum's `Json` extractor: 415, 400 and 422 in plain text; the fields each route requires. */
class Rejection extends Error {
  readonly reply: Response;
  constructor(reply: Response) {
    super('rejected');
    this.reply = reply;
  }
}

const deserialize = 'Failed to deserialize the JSON body into the target type: ';

function jsonBody(
  context: RestContext,
  required: readonly string[],
  allowed?: readonly string[],
): JsonObject {
  const type = context.request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!(type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json')))) {
    throw new Rejection(text(415, 'Expected request with `Content-Type: application/json`'));
  }
  let value: unknown;
  try {
    value = JSON.parse(context.body);
  } catch {
    throw new Rejection(
      text(400, 'Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 0'),
    );
  }
  if (!isJsonObject(value)) throw new Rejection(text(422, `${deserialize}invalid type: expected a struct`));
  for (const key of required) {
    if (typeof value[key] !== 'string')
      throw new Rejection(text(422, `${deserialize}missing field \`${key}\``));
  }
  const unknown = allowed && Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown) throw new Rejection(text(422, `${deserialize}unknown field \`${unknown}\``));
  return value;
}

const rfc3339 = (ms: number) => new Date(ms).toISOString();

const routes: Record<string, Partial<Record<string, Route>>> = {
  '/auth/login': {
    POST: async (context) => {
      const body = jsonBody(context, ['identifier', 'secret']);
      const done = await context.state.login(String(body.identifier), String(body.secret));
      const maxAge = Math.round((done.expiresAt - context.state.now) / 1000);
      return json(
        200,
        {
          token: done.token,
          entity_id: done.entity.id,
          session_id: done.sessionId,
          expires_at: rfc3339(done.expiresAt),
          ...(done.entity.email && { email_verified: done.entity.email.verified }),
        },
        { 'Set-Cookie': `atom_token=${done.token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}` },
      );
    },
  },
  '/auth/logout': {
    POST: async (context) => {
      const caller = await context.caller();
      const session = context.state.sessions.get(caller.sid);
      if (session) session.revoked = true;
      return json(
        200,
        { authenticated: false },
        { 'Set-Cookie': 'atom_token=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0' },
      );
    },
  },
  '/auth/introspect': {
    GET: async (context) => {
      const { entity, sid } = await context.caller();
      return json(200, { active: true, entity_id: entity.id, tenant_id: null, session_id: sid });
    },
  },
  '/auth/session': {
    GET: async (context) => {
      const { entity, sid } = await context.caller();
      const expiresAt = context.state.sessions.get(sid)?.expiresAt ?? 0;
      const session = { entityId: entity.id, tenantId: null, sessionId: sid, expiresAt: rfc3339(expiresAt) };
      return json(200, { authenticated: true, session });
    },
  },
  '/auth/signup': {
    POST: async (context) => {
      const { state } = context;
      const body = jsonBody(
        context,
        ['name', 'email', 'password'],
        ['name', 'email', 'password', 'attributes'],
      );
      if (!state.settings.selfRegistration) throw new AtomError(403, 'forbidden');
      const name = String(body.name).trim();
      if (name === '') throw new AtomError(400, 'name is required');
      if (body.password === '') throw new AtomError(400, 'password is required');
      state.checkPassword(String(body.password));
      const email = checkedEmail(String(body.email));
      const taken = [...state.entities.values()].some(
        (e) => e.deletedAt === null && e.email?.address === email,
      );
      if (taken) throw new AtomError(409, 'already exists');
      const attributes = isJsonObject(body.attributes) ? body.attributes : {};
      const entity = state.addEntity(name, attributes);
      entity.email = { address: email, verified: false };
      state.addPassword(entity.id, String(body.password), email);
      state.mail('verification', entity.id, email, 'http://localhost:8080/auth/email/verify');
      return json(202, { entity_id: entity.id, email, verification_required: true });
    },
  },
  '/auth/email/verify': {
    GET: async ({ state, query }) => {
      const token = query.get('token');
      if (token === null) return text(400, 'Failed to deserialize query string: missing field `token`');
      const entity = state.useMailToken('verification', token);
      if (entity.email) entity.email.verified = true;
      return json(200, { verified: true });
    },
  },
  '/auth/email/resend': {
    POST: async (context) => {
      const { state } = context;
      const email = checkedEmail(String(jsonBody(context, ['email']).email));
      const entity = [...state.entities.values()].find(
        (e) =>
          e.deletedAt === null && e.status === 'active' && e.email?.address === email && !e.email.verified,
      );
      if (entity) state.mail('verification', entity.id, email, 'http://localhost:8080/auth/email/verify');
      return empty(202);
    },
  },
  '/auth/password/reset/request': {
    POST: async (context) => {
      const { state } = context;
      const body = jsonBody(context, ['email']);
      const email = checkedEmail(String(body.email));
      const entity = [...state.entities.values()].find(
        (e) => e.deletedAt === null && e.status === 'active' && e.email?.address === email,
      );
      const link =
        typeof body.redirect_url === 'string' ? body.redirect_url : 'http://localhost:8080/reset-password';
      if (entity) state.mail('password-reset', entity.id, email, link);
      return empty(202);
    },
  },
  '/auth/password/reset': {
    POST: async (context) => {
      const { state } = context;
      const body = jsonBody(context, ['token', 'password']);
      const password = String(body.password);
      if (body.confirm_password !== undefined && body.confirm_password !== password) {
        throw new AtomError(400, 'password confirmation does not match');
      }
      state.checkPassword(password);
      const entity = state.useMailToken('password-reset', String(body.token));
      for (const credential of state.credentials) {
        if (credential.entityId === entity.id) credential.status = 'revoked';
      }
      state.addPassword(entity.id, password, entity.email?.address ?? null);
      state.revokeSessions(entity.id);
      return empty(204);
    },
  },
  '/health': { GET: async () => json(200, health) },
  '/health/ready': { GET: async () => json(200, health) },
  '/health/live': { GET: async () => json(200, { status: 'ok' }) },
  '/.well-known/jwks.json': { GET: async ({ state }) => json(200, await state.tokens.jwks()) },
};

const ok = (message: string) => ({ status: 'ok', message });
const health: JsonObject = {
  status: 'ok',
  http_ready: ok('ready'),
  grpc_ready: ok('ready'),
  database: ok('database reachable'),
  migrations: ok('3 migrations applied'),
  signing_keys: ok('signing keys loaded'),
  certificate_issuer: { status: 'disabled', message: 'not configured' },
};

/**
 * The route for `method` and `path`: a handler, `'wrong-method'` (405) or `undefined` (404).
 *
 * @example
 * ```ts
 * const route = restRoute('POST', '/auth/login');
 * ```
 */
export function restRoute(method: string, path: string): Route | 'wrong-method' | undefined {
  const byMethod = routes[path];
  if (!byMethod) return undefined;
  return byMethod[method] ?? 'wrong-method';
}

/**
 * Runs a REST route, turning ATOM's failures into `{"error": …}` and rejections into their text replies.
 *
 * @example
 * ```ts
 * const reply = await runRest(route, context);
 * ```
 */
export async function runRest(route: Route, context: RestContext): Promise<Response> {
  try {
    return await route(context);
  } catch (error) {
    if (error instanceof Rejection) return error.reply;
    if (error instanceof AtomError) return json(error.status, { error: error.message }, error.headers);
    return json(500, { error: 'internal error' });
  }
}

/**
 * The methods a known path allows (for 405's `Allow`).
 *
 * @example
 * ```ts
 * allowedMethods('/auth/login'); // ['POST']
 * ```
 */
export function allowedMethods(path: string): string[] {
  return Object.keys(routes[path] ?? {});
}
