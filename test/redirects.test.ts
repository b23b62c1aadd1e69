import { describe, expect, it } from 'vitest';
import { ApiError, MagistralaError, UnexpectedRedirectError, UsersClient } from '../src/index.ts';
import { pair } from './support/fixtures.ts';
import { useLoopbacks } from './support/loopback.ts';

// Item 4: a redirect is never followed. Two real loopback servers: the users service that answers with a
// redirect, and another origin that must never see a request.

const start = useLoopbacks();

/** `elsewhere` answers every request with a token pair: a client that followed the redirect would sign in. */
async function setup(status: number) {
  const stolen = await pair({ jti: 'stolen' });
  const elsewhere = await start((_request, response) => {
    response.writeHead(201, { 'content-type': 'application/json' });
    response.end(JSON.stringify(stolen));
  });
  const service = await start((_request, response) => {
    response.writeHead(status, {
      location: `${elsewhere.url}/capture?token=query-secret#frag`,
      'content-type': 'text/plain',
    });
    response.end(`Redirecting to ${elsewhere.url}/capture?token=query-secret`);
  });
  return { elsewhere, service, stolen };
}

describe('item 4: redirects are not followed', () => {
  it.each([301, 302, 303, 307, 308])(
    'a %i on the login POST rejects, and the other origin receives nothing',
    async (status) => {
      const { elsewhere, service } = await setup(status);
      const users = new UsersClient({ baseUrl: service.url, headers: { 'x-api-key': 'key-secret' } });
      const error = await users
        .login({ username: 'admin', password: 'login-secret' })
        .catch((e: unknown) => e);
      expect(elsewhere.received).toEqual([]);
      expect(service.received).toHaveLength(1);
      expect(error).toBeInstanceOf(MagistralaError);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toBeInstanceOf(UnexpectedRedirectError);
      expect(error).toMatchObject({
        name: 'UnexpectedRedirectError',
        status,
        method: 'POST',
        url: `${service.url}/users/tokens/issue`,
        location: `${elsewhere.url}/capture`,
      });
      const printed = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
      for (const secret of ['query-secret', 'login-secret', 'key-secret', 'frag']) {
        expect(printed).not.toContain(secret);
      }
      // The session did not adopt anything: the next call goes out without a bearer.
      await expect(users.sessionDeadline()).resolves.toBeUndefined();
    },
  );

  it('a 307 on the password PATCH sends neither password nor bearer anywhere else', async () => {
    const { elsewhere, service } = await setup(307);
    const tokens = await pair();
    const users = new UsersClient({ baseUrl: service.url, tokens });
    await expect(users.updatePassword('old-secret', 'new-secret')).rejects.toMatchObject({
      name: 'UnexpectedRedirectError',
      status: 307,
    });
    expect(elsewhere.received).toEqual([]);
    expect(service.received).toHaveLength(1);
  });

  it('a redirect on a GET is not retried and not followed', async () => {
    const { elsewhere, service } = await setup(302);
    const users = new UsersClient({ baseUrl: service.url, retry: { limit: 2, delay: () => 1 } });
    await expect(users.health()).rejects.toMatchObject({ name: 'UnexpectedRedirectError', status: 302 });
    expect(elsewhere.received).toEqual([]);
    expect(service.received).toHaveLength(1);
  });

  it("a browser's opaque redirect (status 0, type 'opaqueredirect') rejects the same way", async () => {
    const seen: RequestInit[] = [];
    const fetch = async (_input: Request | URL | string, init?: RequestInit) => {
      seen.push(init ?? {});
      const response = new Response(null, { status: 200 });
      Object.defineProperty(response, 'status', { value: 0 });
      Object.defineProperty(response, 'ok', { value: false });
      Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
      return response;
    };
    const users = new UsersClient({ baseUrl: 'http://users.test', fetch, retry: 0 });
    const error = await users.health().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'UnexpectedRedirectError', status: 0, location: undefined });
    expect(error).toBeInstanceOf(ApiError);
  });

  it("asks fetch not to follow: the Request it is given has redirect: 'manual'", async () => {
    const requests: Request[] = [];
    const fetch = async (input: Request | URL | string) => {
      requests.push(input as Request);
      return Response.json({ status: 'pass' });
    };
    await new UsersClient({ baseUrl: 'http://users.test', fetch }).health();
    expect(requests[0]?.redirect).toBe('manual');
  });
});
