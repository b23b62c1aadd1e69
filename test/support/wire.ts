import { HttpResponse, http } from 'msw';
import { server } from './msw.ts';

/** What reached the server: enough to assert on every part of a request. */
export interface Sent {
  method: string;
  path: string;
  query: URLSearchParams;
  rawQuery: string;
  headers: Headers;
  body: string;
}

/** The base URL the client tests use: the path prefix proves that it is kept. */
export const base = 'http://users.test/api/users';

/**
 * Answers every request under `origin` with the next reply of `replies` (the last one repeats) and records what
 * was sent.
 */
export function serve(...replies: Array<() => Response>): Sent[] {
  const sent: Sent[] = [];
  server.use(
    http.all('http://users.test/*', async ({ request }) => {
      const url = new URL(request.url);
      sent.push({
        method: request.method,
        path: url.pathname,
        query: url.searchParams,
        rawQuery: url.search,
        headers: request.headers,
        body: await request.text(),
      });
      const reply = replies[Math.min(sent.length, replies.length) - 1];
      return reply ? reply() : HttpResponse.text('no reply scripted', { status: 599 });
    }),
  );
  return sent;
}

/** A JSON reply. */
export const json =
  (body: unknown, status = 200) =>
  () =>
    HttpResponse.json(body as object, { status });
/** An empty reply, as the server sends 204s and its 500s. */
export const empty =
  (status: number, headers: Record<string, string> = {}) =>
  () =>
    new HttpResponse(null, { status, headers: { 'content-type': 'application/json', ...headers } });
/** A plain-text reply, as chi sends unknown routes. */
export const text = (body: string, status: number) => () => HttpResponse.text(body, { status });
