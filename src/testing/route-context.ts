/**
 * What every route handler works with: the service's state and settings, and the request at hand.
 *
 * @module
 */
import type { OutboxMail } from './outbox-mail.ts';
import type { RefreshSessions } from './refresh-sessions.ts';
import type { TokenIssuer } from './token-issuer.ts';
import type { UserStore } from './user-store.ts';
import type { VerificationLinks } from './verification-links.ts';

/**
 * The settings of one fake service, with every default filled in.
 *
 * @example
 * ```ts
 * const open = context.state.settings.selfRegister; // no token needed to register
 * ```
 */
export interface ServiceSettings {
  /** Whether `POST /users` is open to anyone (`MG_USERS_ALLOW_SELF_REGISTER`). */
  readonly selfRegister: boolean;
  /** Whether unverified users get 401 `email not verified` on most routes (`MG_ALLOW_UNVERIFIED_USER=false`). */
  readonly requireVerifiedEmail: boolean;
  /** The password rule (`MG_USERS_PASS_REGEX`). */
  readonly passwordPattern: RegExp;
  /** Access-token lifetime, milliseconds. */
  readonly accessTokenTtl: number;
  /** Refresh-token lifetime, milliseconds: the hard deadline of a session. */
  readonly refreshTokenTtl: number;
  /** The prefix of password-reset links (`MG_PASSWORD_RESET_URL_PREFIX`). */
  readonly passwordResetUrl: string;
  /** The prefix of verification links (`MG_VERIFICATION_URL_PREFIX`). */
  readonly verificationUrl: string;
  /** This service's `instance_id` in health replies. */
  readonly instanceId: string;
}

/**
 * The mutable state of one fake service, shared by every request.
 *
 * @example
 * ```ts
 * const user = context.state.users.get(caller.sub);
 * user.updatedAt = context.state.now();
 * ```
 */
export interface ServiceState {
  readonly settings: ServiceSettings;
  readonly users: UserStore;
  readonly tokens: TokenIssuer;
  readonly sessions: RefreshSessions;
  readonly verifications: VerificationLinks;
  readonly outbox: OutboxMail[];
  /** The clock, epoch milliseconds. */
  readonly now: () => number;
}

/**
 * One request as a route handler sees it.
 *
 * @example
 * ```ts
 * const viewUser: RouteHandler = async (context) => jsonResponse(200, { id: context.params.id ?? '' });
 * ```
 */
export interface RouteContext {
  readonly state: ServiceState;
  readonly request: Request;
  /** Path parameters by name, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The decoded query string. */
  readonly query: URLSearchParams;
  /** The raw request body ('' when there is none). */
  readonly body: string;
}

/**
 * Serves one route: returns the reply, or throws an `HttpError` for an error reply.
 *
 * @example
 * ```ts
 * const health: RouteHandler = async () => jsonResponse(200, { status: 'pass' });
 * ```
 */
export type RouteHandler = (context: RouteContext) => Promise<Response>;
