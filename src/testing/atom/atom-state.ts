/**
 * The fake ATOM's data and rules: entities, credentials, sessions, the admin role, login throttling, mail tokens.
 *
 * @module
 */
import type { JsonObject } from '../json-value.ts';
import type { OutboxMail } from '../outbox-mail.ts';
import { AtomTokens } from './atom-tokens.ts';

/**
 * The seeded platform admin's id and the `atom-admin` role's, as in ATOM's first migration.
 *
 * @example
 * ```ts
 * state.entities.get(seededAdminId)?.name; // 'admin'
 * ```
 */
export const seededAdminId = '00000000-0000-0000-0000-000000000001';
/**
 * The `atom-admin` role.
 *
 * @example
 * ```ts
 * state.admins.push({ id: crypto.randomUUID(), subjectId }); // an assignment of adminRoleId
 * ```
 */
export const adminRoleId = '00000000-0000-0000-0000-000000000002';

/**
 * A stored entity (always `kind: human` here).
 *
 * @example
 * ```ts
 * const entity: AtomEntity = state.addEntity('jane', { email: 'jane@example.com' });
 * ```
 */
export interface AtomEntity {
  readonly id: string;
  name: string;
  status: 'active' | 'inactive' | 'suspended';
  attributes: JsonObject;
  readonly createdAt: number;
  /** Insertion order, the tie-breaker of `createdAt DESC`. */
  readonly seq: number;
  updatedAt: number | null;
  deletedAt: number | null;
  deletedBy: string | null;
  /** The `entity_emails` row: signup users only. */
  email?: { readonly address: string; verified: boolean };
}

/**
 * A password credential.
 *
 * @example
 * ```ts
 * const active = state.credentials.filter((c: AtomCredential) => c.status === 'active');
 * ```
 */
export interface AtomCredential {
  readonly id: string;
  readonly entityId: string;
  readonly identifier: string | null;
  readonly secret: string;
  status: 'active' | 'revoked';
  readonly createdAt: number;
  readonly seq: number;
}

interface AtomSession {
  readonly entityId: string;
  expiresAt: number;
  revoked: boolean;
}

interface MailToken {
  readonly kind: 'verification' | 'password-reset';
  readonly entityId: string;
  readonly expiresAt: number;
  used: boolean;
}

/**
 * Settings of one fake ATOM.
 *
 * @example
 * ```ts
 * const settings: AtomSettings = { now: Date.now, tokenTtl: 3_600_000, minPasswordChars: 8, selfRegistration: true, allowUnverifiedEmailLogin: false };
 * ```
 */
export interface AtomSettings {
  readonly now: () => number;
  readonly tokenTtl: number;
  readonly minPasswordChars: number;
  readonly selfRegistration: boolean;
  readonly allowUnverifiedEmailLogin: boolean;
}

/**
 * An authenticated caller.
 *
 * @example
 * ```ts
 * const caller: Caller = await state.authenticate(bearer);
 * ```
 */
export interface Caller {
  readonly entity: AtomEntity;
  /** The session, for a JWT. */
  readonly sid: string;
}

/**
 * A failure with ATOM's status and message: 401/403/404/400/409/429 over REST, the message alone in GraphQL.
 *
 * @example
 * ```ts
 * throw new AtomError(404, `entity ${id} not found`);
 * ```
 */
export class AtomError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

const uuid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/;

/**
 * Everything one fake ATOM knows, and the rules of the contract that act on it.
 *
 * @example
 * ```ts
 * const state = new AtomState(settings, 'http://localhost:8080');
 * const { token } = await state.login('admin', '12345678');
 * ```
 */
export class AtomState {
  readonly settings: AtomSettings;
  readonly tokens: AtomTokens;
  readonly entities = new Map<string, AtomEntity>();
  readonly credentials: AtomCredential[] = [];
  readonly sessions = new Map<string, AtomSession>();
  readonly admins: { readonly id: string; readonly subjectId: string }[] = [];
  readonly outbox: OutboxMail[] = [];
  readonly #mailTokens = new Map<string, MailToken>();
  readonly #failures = new Map<string, number[]>();
  #seq = 0;

  constructor(settings: AtomSettings, issuer: string) {
    this.settings = settings;
    this.tokens = new AtomTokens(issuer, 'magistrala', settings.now);
    this.reset();
  }

  get now(): number {
    return this.settings.now();
  }

  /** Back to the seeded admin alone. */
  reset(): void {
    this.entities.clear();
    this.credentials.length = 0;
    this.sessions.clear();
    this.admins.length = 0;
    this.outbox.length = 0;
    this.#mailTokens.clear();
    this.#failures.clear();
    const admin = this.addEntity(
      'admin',
      { email: 'admin@example.com', first_name: 'super', last_name: 'admin' },
      seededAdminId,
    );
    this.addPassword(admin.id, '12345678', null);
    this.admins.push({ id: crypto.randomUUID(), subjectId: admin.id });
  }

  addEntity(name: string, attributes: JsonObject, id: string = crypto.randomUUID()): AtomEntity {
    if (this.entities.has(id) || this.liveByName(name)) throw new AtomError(409, 'already exists');
    const entity: AtomEntity = {
      id,
      name,
      status: 'active',
      attributes,
      createdAt: this.now,
      seq: this.#seq++,
      updatedAt: null,
      deletedAt: null,
      deletedBy: null,
    };
    this.entities.set(id, entity);
    return entity;
  }

  liveByName(name: string): AtomEntity | undefined {
    return [...this.entities.values()].find((entity) => entity.deletedAt === null && entity.name === name);
  }

  addPassword(entityId: string, secret: string, identifier: string | null): void {
    this.credentials.push({
      id: crypto.randomUUID(),
      entityId,
      identifier,
      secret,
      status: 'active',
      createdAt: this.now,
      seq: this.#seq++,
    });
  }

  /** ATOM's strength rule for human passwords. */
  checkPassword(password: string): void {
    if (password.trim() === '') throw new AtomError(400, 'password cannot be blank');
    if ([...password].length < this.settings.minPasswordChars) {
      throw new AtomError(400, `password must be at least ${this.settings.minPasswordChars} characters`);
    }
  }

  isAdmin(entity: AtomEntity): boolean {
    return this.admins.some((assignment) => assignment.subjectId === entity.id);
  }

  /** The live entity `id`, or `entity <id> not found` (after the UUID check, as `parse_id` does first). */
  live(id: string, argument = 'id'): AtomEntity {
    if (!uuid.test(id)) throw new AtomError(400, `${argument} must be a UUID`);
    const entity = this.entities.get(id);
    if (!entity || entity.deletedAt !== null) throw new AtomError(404, `entity ${id} not found`);
    return entity;
  }

  /** Authenticates a bearer: the caller, or an `AtomError(401)` with ATOM's message (§1.1, in order). */
  async authenticate(bearer: string): Promise<Caller> {
    const claims = await this.tokens.verify(bearer);
    if (typeof claims === 'string') throw new AtomError(401, claims);
    const session = this.sessions.get(claims.sid);
    const entity = this.entities.get(claims.sub);
    if (!session || session.entityId !== claims.sub || !entity || entity.deletedAt !== null) {
      throw new AtomError(401, 'session not found');
    }
    if (session.revoked) throw new AtomError(401, 'session revoked');
    if (session.expiresAt < this.now) throw new AtomError(401, 'session expired');
    if (entity.status !== 'active') throw new AtomError(401, 'entity is not active');
    return { entity, sid: claims.sid };
  }

  /** A new session and its JWT. */
  async openSession(entityId: string): Promise<{ token: string; sessionId: string; expiresAt: number }> {
    const sessionId = crypto.randomUUID();
    const expiresAt = this.now + this.settings.tokenTtl;
    this.sessions.set(sessionId, { entityId, expiresAt, revoked: false });
    return { token: await this.tokens.sign(entityId, sessionId, expiresAt), sessionId, expiresAt };
  }

  /** `refreshSession`: the same session, a later expiry, a new JWT; the old JWT keeps working. */
  async refresh(caller: Caller): Promise<{ token: string; sessionId: string; expiresAt: number }> {
    const session = this.sessions.get(caller.sid);
    if (!session) throw new AtomError(401, 'session is not refreshable');
    session.expiresAt = this.now + this.settings.tokenTtl;
    const token = await this.tokens.sign(caller.entity.id, caller.sid, session.expiresAt);
    return { token, sessionId: caller.sid, expiresAt: session.expiresAt };
  }

  revokeSessions(entityId: string): void {
    for (const session of this.sessions.values()) if (session.entityId === entityId) session.revoked = true;
  }

  /** Password login by email, id or exact name, with ATOM's throttling and messages (§1.3.3). */
  async login(identifier: string, secret: string) {
    const key = identifier.trim().toLowerCase();
    const window = this.now - 900_000;
    const failures = (this.#failures.get(key) ?? []).filter((at) => at > window);
    this.#failures.set(key, failures);
    const fail = (message: string): never => {
      failures.push(this.now);
      throw new AtomError(401, message);
    };
    if (failures.length >= 5) {
      failures.push(this.now);
      throw new AtomError(429, 'too many failed login attempts', { 'Retry-After': '900' });
    }
    const { entity, email } = this.#resolve(identifier);
    if (!entity) return fail('invalid credentials');
    if (entity.status !== 'active') return fail('entity is not active');
    const rank = (credential: AtomCredential) =>
      email !== undefined && credential.identifier === email ? 0 : credential.identifier === null ? 1 : 2;
    const [credential] = this.credentials
      .filter((c) => c.entityId === entity.id && c.status === 'active')
      .sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt || b.seq - a.seq);
    if (!credential || credential.secret !== secret) return fail('invalid credentials');
    if (entity.email && !entity.email.verified && !this.settings.allowUnverifiedEmailLogin) {
      return fail('email verification required');
    }
    return { entity, ...(await this.openSession(entity.id)) };
  }

  #resolve(identifier: string): { entity?: AtomEntity | undefined; email?: string | undefined } {
    const live = [...this.entities.values()].filter((entity) => entity.deletedAt === null);
    const email = normalEmail(identifier);
    if (email !== undefined) {
      const byRow = live.find((entity) => entity.email?.address === email);
      if (byRow) return { entity: byRow, email };
      const byAttribute = live.filter(
        (entity) =>
          String(entity.attributes.email ?? '')
            .trim()
            .toLowerCase() === email,
      );
      if (byAttribute.length > 1)
        throw new AtomError(401, 'tenant_id or tenant_alias required for this identifier');
      if (byAttribute[0]) return { entity: byAttribute[0], email };
    }
    if (uuid.test(identifier)) return { entity: live.find((entity) => entity.id === identifier) };
    return { entity: live.find((entity) => entity.name === identifier) };
  }

  /** Issues an `atomv_`/`atomr_` token and puts the mail in the outbox. */
  mail(kind: MailToken['kind'], entityId: string, to: string, link: string): void {
    const hex = (bytes: number) =>
      [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const token = `${kind === 'verification' ? 'atomv' : 'atomr'}_${hex(16)}_${hex(32)}`;
    const ttl = kind === 'verification' ? 86_400_000 : 1_800_000;
    this.#mailTokens.set(token, { kind, entityId, expiresAt: this.now + ttl, used: false });
    this.outbox.push({ kind, to, token, link: `${link}?token=${token}` });
  }

  /** Consumes a mail token, or answers ATOM's 400 for it. */
  useMailToken(kind: MailToken['kind'], token: string): AtomEntity {
    const what = kind === 'verification' ? 'verification token' : 'password reset token';
    const stored = this.#mailTokens.get(token);
    const entity = stored && this.entities.get(stored.entityId);
    if (
      !stored ||
      stored.kind !== kind ||
      !entity ||
      entity.deletedAt !== null ||
      entity.status !== 'active'
    ) {
      throw new AtomError(400, `invalid ${what}`);
    }
    if (stored.used || stored.expiresAt < this.now) throw new AtomError(400, `${what} expired`);
    stored.used = true;
    return entity;
  }
}

/**
 * ATOM's email normalisation: trim, lowercase, an `@`, a non-empty local part, a dotted domain; else `undefined`.
 *
 * @example
 * ```ts
 * normalEmail(' Jane@Example.com '); // 'jane@example.com'
 * ```
 */
export function normalEmail(text: string): string | undefined {
  const email = text.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  return at > 0 && email.slice(at + 1).includes('.') ? email : undefined;
}

/**
 * ATOM's email check for signup, resend and reset-request (400 `email is required` / `invalid email`).
 *
 * @example
 * ```ts
 * checkedEmail('jane'); // throws AtomError(400, 'email is required')
 * ```
 */
export function checkedEmail(text: string): string {
  if (!text.includes('@')) throw new AtomError(400, 'email is required');
  const email = normalEmail(text);
  if (email === undefined) throw new AtomError(400, 'invalid email');
  return email;
}

/**
 * A GraphQL timestamp (chrono `to_rfc3339`: `+00:00`).
 *
 * @example
 * ```ts
 * graphqlTime(0); // '1970-01-01T00:00:00.000+00:00'
 * ```
 */
export function graphqlTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace('Z', '+00:00');
}
