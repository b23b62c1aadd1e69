/**
 * Walks every page of an offset-paginated listing.
 *
 * @module
 */
import type { User, UsersPage } from './entities.ts';

/** Fetches the page that starts at `offset`. */
export type PageFetcher = (offset: number) => Promise<UsersPage>;

/**
 * Yields every user of every page, from `offset` on, fetching the next page only when the previous one is consumed.
 *
 * @remarks
 * It stops when `total` is reached, on a short or empty page, and when a page brings nothing new (a server that
 * ignores `offset` would otherwise loop forever). A user whose id was on the previous page (or earlier on the same
 * page) is skipped, so rows that shift between pages are not yielded twice. Only the previous page's ids are kept,
 * so memory stays flat however long the listing: a row would have to move by more than a whole page between two
 * requests to come back.
 *
 * @example
 * ```ts
 * for await (const user of walkPages((offset) => users.list({ offset, limit: 100 }), 0, 100)) console.log(user.id);
 * ```
 */
export async function* walkPages(
  fetchPage: PageFetcher,
  offset: number,
  limit: number,
): AsyncGenerator<User, void> {
  let previous = new Set<string>();
  for (let next = offset; ; ) {
    const page = await fetchPage(next);
    const current = new Set<string>();
    let fresh = 0;
    for (const user of page.users) {
      if (current.has(user.id)) continue;
      current.add(user.id);
      if (previous.has(user.id)) continue;
      fresh++;
      yield user;
    }
    previous = current;
    next += page.users.length;
    if (fresh === 0 || page.users.length < limit || next >= page.total) return;
  }
}

/**
 * Defers `walk` to the first `next()`: a walk whose parameters are invalid rejects when iterated, as every page
 * fetch would, rather than throwing where it was created.
 *
 * @example
 * ```ts
 * const users = lazily(() => walkPages(fetchPage, parse(params).offset, 100));
 * ```
 */
export async function* lazily<T>(walk: () => AsyncGenerator<T, void>): AsyncGenerator<T, void> {
  yield* walk();
}
