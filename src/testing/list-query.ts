/**
 * The query string of `GET /users`: filters, order and paging, validated as the server validates them.
 *
 * @module
 */
import { HttpError } from './http-error.ts';
import { jsonContains } from './json-contains.ts';
import { isJsonObject, type JsonObject } from './json-value.ts';
import { containsLike } from './like-pattern.ts';
import { invalidQueryMessage, QueryReader } from './query-reader.ts';
import { type StoredUser, textOf, type UserStatus, type UserTextField } from './stored-user.ts';
import { type SortDirection, type UserOrder, type UserQuery, userOrders } from './users-page.ts';

/**
 * The most users one list page may hold.
 *
 * @example
 * ```ts
 * if (limit > maxListLimit) throw HttpError.badRequest('invalid limit size');
 * ```
 */
export const maxListLimit = 100;

/**
 * A parsed list query: which users, which page, and whether only the total is wanted.
 *
 * @example
 * ```ts
 * const { onlyTotal, limit } = parseListQuery(context.query);
 * ```
 */
export interface ListQuery extends UserQuery {
  readonly onlyTotal: boolean;
}

type TagFilter = { readonly mode: 'any' | 'all'; readonly tags: readonly string[] };

const textFilters: readonly UserTextField[] = ['username', 'email', 'first_name', 'last_name', 'id'];

/**
 * Parses and validates the list query.
 *
 * @remarks
 * Defaults: `limit` 10, `offset` 0, `order` `updated_at`, `dir` `desc`, `status` `enabled`. A repeated or unreadable
 * parameter gives 400 `invalid query parameters`; then `limit` outside 1–100, an unknown `order` and an unknown
 * `dir` give their own messages, in that order. Text filters are case-insensitive substring matches; `tags=a,b`
 * wants any of the tags and `tags=a+b` (sent as `a%2Bb`) all of them; `metadata` is a JSON object the user's
 * metadata must contain; `created_from` and `created_to` are inclusive bounds.
 *
 * @example
 * ```ts
 * const query = parseListQuery(new URLSearchParams('limit=5&status=all&tags=a%2Bb'));
 * query.limit; // 5
 * ```
 */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const read = new QueryReader(params);
  const offset = read.integer('offset', 0);
  const limit = read.integer('limit', 10);
  const metadata = readMetadata(read);
  const status = readStatus(read);
  const order = read.text('order') || 'updated_at';
  const dir = read.text('dir') || 'desc';
  const texts = textFilters.map((key) => [key, read.text(key)] as const).filter(([, value]) => value !== '');
  const tags = readTags(read);
  const onlyTotal = read.boolean('only_total', false);
  const createdFrom = read.time('created_from') ?? Number.NEGATIVE_INFINITY;
  const createdTo = read.time('created_to') ?? Number.POSITIVE_INFINITY;
  if (limit < 1 || limit > maxListLimit) throw HttpError.badRequest('invalid limit size');
  if (!isUserOrder(order)) throw HttpError.badRequest('invalid list order provided');
  if (dir !== 'asc' && dir !== 'desc') throw HttpError.badRequest('invalid list direction provided');
  const matches = (user: StoredUser): boolean =>
    (status === 'all' || user.status === status) &&
    (metadata === undefined || jsonContains(user.metadata, metadata)) &&
    texts.every(([key, value]) => containsLike(textOf(user, key), value)) &&
    (tags === undefined || matchesTags(user.tags, tags)) &&
    user.createdAt >= createdFrom &&
    user.createdAt <= createdTo;
  return { offset, limit, order, dir: dir satisfies SortDirection, matches, onlyTotal };
}

/**
 * Tells whether `value` is one of the orders the list accepts.
 *
 * @example
 * ```ts
 * isUserOrder('email'); // true
 * ```
 */
export function isUserOrder(value: string): value is UserOrder {
  return (userOrders as readonly string[]).includes(value);
}

function readMetadata(read: QueryReader): JsonObject | undefined {
  const text = read.text('metadata');
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (isJsonObject(parsed)) return parsed;
  } catch {
    // Falls through to the server's generic message.
  }
  throw HttpError.badRequest(invalidQueryMessage);
}

function readStatus(read: QueryReader): UserStatus | 'all' {
  const status = read.text('status') || 'enabled';
  if (status === 'enabled' || status === 'disabled' || status === 'deleted' || status === 'all')
    return status;
  throw HttpError.badRequest('invalid status');
}

function readTags(read: QueryReader): TagFilter | undefined {
  const text = read.text('tags');
  if (!text) return undefined;
  return text.includes('+') ? { mode: 'all', tags: text.split('+') } : { mode: 'any', tags: text.split(',') };
}

function matchesTags(userTags: readonly string[], filter: TagFilter): boolean {
  const has = (tag: string) => userTags.includes(tag);
  return filter.mode === 'all' ? filter.tags.every(has) : filter.tags.some(has);
}
