/**
 * Signing and verifying the fake service's JWTs with jose, shaped like the SuperMQ auth service's tokens.
 *
 * @module
 */
import { exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';

/**
 * The `type` claim: 0 access, 1 refresh, 2 password recovery.
 *
 * @example
 * ```ts
 * if (claims.type !== TokenType.refresh) throw HttpError.unprocessable('failed to issue token');
 * ```
 */
export const TokenType = {
  /** An access token: the bearer of ordinary calls. */
  access: 0,
  /** A refresh token: exchanged for a new pair. */
  refresh: 1,
  /** A password-reset token, mailed in the reset link. */
  recovery: 2,
} as const;

/**
 * A `type` claim value the fake service issues.
 *
 * @example
 * ```ts
 * const type: TokenTypeValue = TokenType.access;
 * ```
 */
export type TokenTypeValue = (typeof TokenType)[keyof typeof TokenType];

/**
 * The `role` claim: the database role plus one.
 *
 * @example
 * ```ts
 * const isAdminToken = claims.role === TokenRole.admin;
 * ```
 */
export const TokenRole = {
  /** An ordinary user. */
  user: 1,
  /** A platform administrator. */
  admin: 2,
} as const;

/**
 * A `role` claim value.
 *
 * @example
 * ```ts
 * const role: TokenRoleValue = user.role === 'admin' ? TokenRole.admin : TokenRole.user;
 * ```
 */
export type TokenRoleValue = (typeof TokenRole)[keyof typeof TokenRole];

/**
 * The signing algorithms the server supports: EdDSA (Ed25519, its default) or an HMAC with a shared secret.
 *
 * @example
 * ```ts
 * createFakeUsersService({ algorithm: 'HS512' });
 * ```
 */
export type SigningAlgorithm = 'EdDSA' | 'HS256' | 'HS384' | 'HS512';

/**
 * The issuer claim of every token.
 *
 * @example
 * ```ts
 * await jwtVerify(token, keys, { issuer: tokenIssuer });
 * ```
 */
export const tokenIssuer = 'supermq.auth';

/**
 * The claims the service chooses for a token; `iss`, `iat` and `exp` are added when signing.
 *
 * @example
 * ```ts
 * const claims: TokenClaims = { sub: user.id, type: TokenType.access, role: TokenRole.user, verified: false };
 * ```
 */
export interface TokenClaims {
  /** The user id. */
  readonly sub: string;
  /** What the token is for: access, refresh or password recovery ({@link TokenType}). */
  readonly type: TokenTypeValue;
  /** The user's role ({@link TokenRole}). */
  readonly role: TokenRoleValue;
  /** Whether the user's email was verified when the token was issued. */
  readonly verified: boolean;
  /** The refresh session id: on refresh tokens and on access tokens minted by a refresh. */
  readonly jti?: string;
}

/**
 * The claims of a token that verified: signature, issuer and expiry all good.
 *
 * @example
 * ```ts
 * const claims = await service.verifyToken(accessToken);
 * claims?.exp; // epoch seconds
 * ```
 */
export interface VerifiedClaims extends TokenClaims {
  /** The issuer, always {@link tokenIssuer}. */
  readonly iss: string;
  /** Issue time, epoch seconds. */
  readonly iat: number;
  /** Expiry, epoch seconds. */
  readonly exp: number;
}

/**
 * A JSON Web Key Set, as the auth service's JWKS endpoint serves it (`keys` is `null` for HMAC algorithms).
 *
 * @example
 * ```ts
 * const keys = createLocalJWKSet({ keys: (await service.jwks()).keys ?? [] });
 * ```
 */
export interface JsonWebKeySet {
  /** The public keys (`null` for HMAC algorithms, whose secret is not published). */
  readonly keys: JWK[] | null;
}

interface SigningKeys {
  readonly signing: CryptoKey | Uint8Array;
  readonly verifying: CryptoKey | Uint8Array;
}

/** The key id the server puts in the JWS header: the key file's base name. */
const keyId = 'active';

/**
 * Issues and checks the tokens of one fake service.
 *
 * @remarks
 * The key is made on first use, so creating a service stays cheap. Times come from the injected clock, so tests can
 * expire tokens by moving it. Like the server in JWKS mode, {@link TokenIssuer.verify} checks signature, issuer and
 * expiry but not the `type` claim: callers decide which types they accept.
 *
 * @example
 * ```ts
 * const issuer = new TokenIssuer('EdDSA', Date.now);
 * const token = await issuer.sign({ sub: id, type: TokenType.access, role: 1, verified: true }, Date.now() + 3_600_000);
 * (await issuer.verify(token))?.sub; // id
 * ```
 */
export class TokenIssuer {
  readonly #algorithm: SigningAlgorithm;
  readonly #now: () => number;
  #keys: Promise<SigningKeys> | undefined;

  /** Creates an issuer that signs with `algorithm` and reads time from `now` (epoch milliseconds). */
  constructor(algorithm: SigningAlgorithm, now: () => number) {
    this.#algorithm = algorithm;
    this.#now = now;
  }

  /** Signs `claims` into a JWT that expires at `expiresAt` (epoch milliseconds, cut to whole seconds). */
  async sign(claims: TokenClaims, expiresAt: number): Promise<string> {
    const { signing } = await this.#loadKeys();
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: this.#algorithm, kid: keyId, typ: 'JWT' })
      .setIssuer(tokenIssuer)
      .setIssuedAt(Math.floor(this.#now() / 1000))
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .sign(signing);
  }

  /** The claims of `token` when it is one of ours, unexpired; `undefined` for anything else. */
  async verify(token: string): Promise<VerifiedClaims | undefined> {
    const { verifying } = await this.#loadKeys();
    try {
      const { payload } = await jwtVerify(token, verifying, {
        issuer: tokenIssuer,
        algorithms: [this.#algorithm],
        currentDate: new Date(this.#now()),
      });
      return toVerifiedClaims(payload);
    } catch {
      return undefined;
    }
  }

  /** The public key set that verifies the tokens, as the auth service publishes it. */
  async jwks(): Promise<JsonWebKeySet> {
    const { verifying } = await this.#loadKeys();
    if (verifying instanceof Uint8Array) return { keys: null };
    const jwk = await exportJWK(verifying);
    return { keys: [{ ...jwk, kid: keyId, alg: this.#algorithm, use: 'sig' }] };
  }

  #loadKeys(): Promise<SigningKeys> {
    this.#keys ??= makeKeys(this.#algorithm);
    return this.#keys;
  }
}

async function makeKeys(algorithm: SigningAlgorithm): Promise<SigningKeys> {
  if (algorithm !== 'EdDSA') {
    const secret = crypto.getRandomValues(new Uint8Array(64));
    return { signing: secret, verifying: secret };
  }
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return { signing: pair.privateKey, verifying: pair.publicKey };
}

function toVerifiedClaims(payload: Record<string, unknown>): VerifiedClaims | undefined {
  const { sub, type, role, verified, jti, iss, iat, exp } = payload;
  const typeOk = type === TokenType.access || type === TokenType.refresh || type === TokenType.recovery;
  const roleOk = role === TokenRole.user || role === TokenRole.admin;
  if (typeof sub !== 'string' || !typeOk || !roleOk || typeof verified !== 'boolean') return undefined;
  if (typeof iss !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return undefined;
  const claims = { sub, type, role, verified, iss, iat, exp };
  return typeof jti === 'string' ? { ...claims, jti } : claims;
}
