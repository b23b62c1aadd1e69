/**
 * Email-verification links: the token in the link, and the one record per user that it must match.
 *
 * @module
 */
import { base64url } from 'jose';
import { isJsonObject } from './json-value.ts';

/**
 * How long a verification link works: 24 hours.
 *
 * @example
 * ```ts
 * const expiresAt = now + verificationLifetime;
 * ```
 */
export const verificationLifetime = 24 * 60 * 60 * 1000;

/**
 * What a verification token says: whose address it confirms, and the one-time code.
 *
 * @example
 * ```ts
 * const claim = links.decode(token); // { userId, email, otp } or undefined
 * ```
 */
export interface VerificationClaim {
  readonly userId: string;
  readonly email: string;
  readonly otp: string;
}

/**
 * The pending verification of one user.
 *
 * @example
 * ```ts
 * const record = links.get(userId);
 * if (record && !record.used) record.used = true;
 * ```
 */
export interface VerificationRecord extends VerificationClaim {
  /** Epoch milliseconds after which the link no longer works. */
  readonly expiresAt: number;
  /** Whether the link was already followed. */
  used: boolean;
}

/**
 * The verification records of one fake service.
 *
 * @remarks
 * The token is base64url JSON holding `user_id`, `email` and `otp`, as the server sends it. A new request replaces a
 * user's earlier record, so only the latest link works.
 *
 * @example
 * ```ts
 * const links = new VerificationLinks();
 * const token = links.issue(user.id, user.email, Date.now());
 * links.get(links.decode(token)?.userId ?? '')?.used; // false
 * ```
 */
export class VerificationLinks {
  readonly #records = new Map<string, VerificationRecord>();

  /** Records a new verification for the user and returns the token for the link. */
  issue(userId: string, email: string, now: number): string {
    const otp = crypto.randomUUID();
    this.#records.set(userId, { userId, email, otp, expiresAt: now + verificationLifetime, used: false });
    return base64url.encode(JSON.stringify({ user_id: userId, email, otp }));
  }

  /** What `token` claims, or `undefined` when it is not a verification token at all. */
  decode(token: string): VerificationClaim | undefined {
    try {
      const claim: unknown = JSON.parse(new TextDecoder().decode(base64url.decode(token)));
      if (!isJsonObject(claim)) return undefined;
      const { user_id: userId, email, otp } = claim;
      if (typeof userId !== 'string' || typeof email !== 'string' || typeof otp !== 'string')
        return undefined;
      return { userId, email, otp };
    } catch {
      return undefined;
    }
  }

  /** The pending verification of `userId`. */
  get(userId: string): VerificationRecord | undefined {
    return this.#records.get(userId);
  }

  /** Forgets every record. */
  clear(): void {
    this.#records.clear();
  }
}
