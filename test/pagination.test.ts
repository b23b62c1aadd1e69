import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { UsersClient } from '../src/index.ts';
import { jane, pair } from './support/fixtures.ts';
import { server } from './support/msw.ts';
import { base } from './support/wire.ts';

const tokens = await pair();
const client = () => new UsersClient({ baseUrl: base, tokens, retry: 0 });
const user = (n: number) => ({ ...jane, id: `u-${n}` });

/** Serves `total` users in pages as the server does, recording each query. */
function serveUsers(route: string, total: number, options: { ignoreOffset?: boolean } = {}) {
  const queries: Array<Record<string, string>> = [];
  server.use(
    http.get(`${base}/${route}`, ({ request }) => {
      const query = Object.fromEntries(new URL(request.url).searchParams);
      queries.push(query);
      const limit = Number(query.limit ?? 10);
      const offset = options.ignoreOffset ? 0 : Number(query.offset ?? 0);
      const users = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) =>
        user(offset + i),
      );
      return HttpResponse.json({ total, limit, ...(offset && { offset }), users });
    }),
  );
  return queries;
}

async function collect(iterable: AsyncIterable<{ id: string }>) {
  const ids: string[] = [];
  for await (const item of iterable) ids.push(item.id);
  return ids;
}

describe('listAll and searchAll', () => {
  it('walks every page of 100 and stops at total', async () => {
    const queries = serveUsers('users', 250);
    const ids = await collect(client().listAll({ status: 'all' }));
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect(queries).toEqual([
      { status: 'all', offset: '0', limit: '100' },
      { status: 'all', offset: '100', limit: '100' },
      { status: 'all', offset: '200', limit: '100' },
    ]);
  });

  it('uses the caller’s limit and starting offset', async () => {
    const queries = serveUsers('users', 7);
    const ids = await collect(client().listAll({ limit: 3, offset: 1 }));
    expect(ids).toEqual(['u-1', 'u-2', 'u-3', 'u-4', 'u-5', 'u-6']);
    expect(queries.map((query) => query.offset)).toEqual(['1', '4']);
  });

  it('stops on an empty first page', async () => {
    const queries = serveUsers('users/search', 0);
    await expect(collect(client().searchAll({ username: 'nobody' }))).resolves.toEqual([]);
    expect(queries).toHaveLength(1);
  });

  it('stops when a server ignores the offset instead of looping forever', async () => {
    const queries = serveUsers('users/search', 500, { ignoreOffset: true });
    const ids = await collect(client().searchAll({ first_name: 'jane', limit: 50 }));
    expect(ids).toHaveLength(50);
    expect(queries).toHaveLength(2);
  });

  it('never yields an id twice when rows shift between pages', async () => {
    let call = 0;
    server.use(
      http.get(`${base}/users`, () => {
        call++;
        const users = call === 1 ? [user(1), user(2)] : [user(2), user(3)];
        return HttpResponse.json({ total: 4, limit: 2, users });
      }),
    );
    await expect(collect(client().listAll({ limit: 2 }))).resolves.toEqual(['u-1', 'u-2', 'u-3']);
  });

  it('fetches the next page only when the caller asks for more', async () => {
    const queries = serveUsers('users', 300);
    for await (const found of client().listAll()) {
      expect(found.id).toBe('u-0');
      break;
    }
    expect(queries).toHaveLength(1);
  });

  it('validates the parameters before the first request', async () => {
    const queries = serveUsers('users/search', 10);
    await expect(collect(client().searchAll({}))).rejects.toMatchObject({ name: 'InputValidationError' });
    expect(queries).toHaveLength(0);
  });
});
