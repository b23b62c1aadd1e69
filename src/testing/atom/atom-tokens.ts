/**
 * The fake ATOM's session JWTs: ES256 with a `kid`, ATOM's claims, a JWKS, and its verification messages.
 *
 * @module
 */
import { decodeProtectedHeader, exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';

/**
 * The claims of a session JWT that verified.
 *
 * @example
 * ```ts
 * const claims = await tokens.verify(jwt); // AtomClaims, or ATOM's 401 message
 * ```
 */
export interface AtomClaims {
  readonly sub: string;
  readonly sid: string;
}

/**
 * Signs and verifies ATOM session JWTs (`{iss, aud, sub, sid, tid: null, iat, exp}`, ES256, a random UUID `kid`).
 *
 * @example
 * ```ts
 * const tokens = new AtomTokens('http://localhost:8080', 'magistrala', Date.now);
 * const jwt = await tokens.sign(entityId, sessionId, Date.now() + 3_600_000);
 * ```
 */
export class AtomTokens {
  readonly #issuer: string;
  readonly #audience: string;
  readonly #now: () => number;
  readonly kid = crypto.randomUUID();
  #keys: Promise<CryptoKeyPair> | undefined;

  constructor(issuer: string, audience: string, now: () => number) {
    this.#issuer = issuer;
    this.#audience = audience;
    this.#now = now;
  }

  /** A JWT for session `sid` of entity `sub`, expiring at `expiresAt` (epoch ms). */
  async sign(sub: string, sid: string, expiresAt: number): Promise<string> {
    const { privateKey } = await this.#load();
    return new SignJWT({ sid, tid: null })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: this.kid })
      .setIssuer(this.#issuer)
      .setAudience(this.#audience)
      .setSubject(sub)
      .setIssuedAt(Math.floor(this.#now() / 1000))
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .sign(privateKey);
  }

  /** The claims, or the message ATOM answers 401 with (checks 1 to 5 of its order). */
  async verify(token: string): Promise<AtomClaims | string> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      return 'invalid token: InvalidToken';
    }
    if (kid === undefined) return 'token missing kid claim';
    if (kid !== this.kid) return 'token signed with unknown or retired key';
    try {
      const { payload } = await jwtVerify(token, (await this.#load()).publicKey, {
        issuer: this.#issuer,
        audience: this.#audience,
        clockTolerance: 60,
        currentDate: new Date(this.#now()),
        requiredClaims: ['exp', 'sub'],
      });
      return { sub: String(payload.sub), sid: String(payload.sid) };
    } catch (error) {
      return `invalid token: ${reasonOf(error)}`;
    }
  }

  /** The JWKS: the one signing key. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const jwk = await exportJWK((await this.#load()).publicKey);
    return { keys: [{ ...jwk, kid: this.kid, use: 'sig', alg: 'ES256' }] };
  }

  #load(): Promise<CryptoKeyPair> {
    this.#keys ??= generateKeyPair('ES256', { extractable: true });
    return this.#keys;
  }
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: string; claim?: string }).code;
  const claim = (error as { claim?: string }).claim;
  if (code === 'ERR_JWT_EXPIRED') return 'ExpiredSignature';
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return 'InvalidSignature';
  if (claim === 'iss') return 'InvalidIssuer';
  if (claim === 'aud') return 'InvalidAudience';
  return 'InvalidToken';
}
