import { SignJWT } from 'jose';

const secret = new TextEncoder().encode('a test key that is long enough for HS256');

/** A real JWT with the claims the server puts in its tokens; `expiresIn` and `issuedAgo` in seconds. */
export async function jwt(claims: {
  type?: number;
  expiresIn?: number;
  issuedAgo?: number;
  jti?: string;
  sub?: string;
  now?: number;
}): Promise<string> {
  const now = Math.floor((claims.now ?? Date.now()) / 1000);
  const token = new SignJWT({ type: claims.type ?? 0, role: 1, verified: true })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('supermq.auth')
    .setSubject(claims.sub ?? 'user-1')
    .setIssuedAt(now - (claims.issuedAgo ?? 0))
    .setExpirationTime(now + (claims.expiresIn ?? 3600));
  if (claims.jti) token.setJti(claims.jti);
  return token.sign(secret);
}

/** A fresh access/refresh pair; the refresh token's `jti` is `session-1` unless told otherwise. */
export async function pair(options: { accessExpiresIn?: number; jti?: string; now?: number } = {}) {
  const jti = options.jti ?? 'session-1';
  return {
    access_token: await jwt({
      expiresIn: options.accessExpiresIn ?? 3600,
      jti,
      ...(options.now && { now: options.now }),
    }),
    refresh_token: await jwt({ type: 1, expiresIn: 86_400, jti, ...(options.now && { now: options.now }) }),
  };
}

/** A user as the server returns it. */
export const jane = {
  id: '26ae3198-6060-4308-824c-c846953b9898',
  first_name: 'jane',
  last_name: 'doe',
  email: 'janicedoe@example.com',
  credentials: { username: 'janicedoe' },
  role: 'user',
  status: 'enabled',
  created_at: '2025-02-11T16:15:12.607701Z',
  updated_at: '0001-01-01T00:00:00Z',
  verified_at: '0001-01-01T00:00:00Z',
};
