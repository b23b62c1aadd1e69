import { describe, expect, it } from 'vitest';
import { hasExpired, tokenClaims } from '../../src/cli/token-claims.ts';

/** An unsigned JWT with `claims`: the CLI reads claims without verifying them. */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.`;
}

describe('tokenClaims', () => {
  it('reads the claims of a JWT without verifying it', () => {
    expect(tokenClaims(jwt({ sub: 'u1', jti: 'j1' }))).toEqual({ sub: 'u1', jti: 'j1' });
  });

  it('gives undefined for something that is not a JWT', () => {
    expect(tokenClaims('not-a-token')).toBeUndefined();
  });
});

describe('hasExpired', () => {
  const now = 1_750_000_000_000;

  it('says a token has expired from the second its exp is reached', () => {
    expect(hasExpired(jwt({ exp: now / 1000 }), now)).toBe(true);
    expect(hasExpired(jwt({ exp: now / 1000 + 1 }), now)).toBe(false);
  });

  it('counts a token without a readable exp as not expired', () => {
    expect(hasExpired(jwt({ sub: 'u1' }), now)).toBe(false);
    expect(hasExpired(jwt({ exp: 'soon' }), now)).toBe(false);
    expect(hasExpired('not-a-token', now)).toBe(false);
  });
});
