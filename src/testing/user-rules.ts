/**
 * The field rules the users service applies to names, usernames and picture URLs, and the limits behind them.
 *
 * @module
 */

/**
 * The API's size limit for names and usernames, in UTF-8 bytes (`invalid name size` above it).
 *
 * @example
 * ```ts
 * if (byteLength(name) > maxNameBytes) throw HttpError.badRequest('invalid name size');
 * ```
 */
export const maxNameBytes = 1024;

/**
 * The width of the name, username and email columns: longer values pass the API and then fail in the database.
 *
 * @example
 * ```ts
 * if (name.length > columnWidth) throw HttpError.unprocessable('update entity failed');
 * ```
 */
export const columnWidth = 254;

const usernamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/**
 * Tells whether `name` passes the create rule for usernames: 1–32 characters of ASCII letters, digits, `_` and `-`,
 * starting with a letter or digit, without `__` or `--`.
 *
 * @remarks
 * The pattern also rules out usernames that look like email addresses, which the server rejects as well.
 *
 * @example
 * ```ts
 * isValidUsername('jane_doe-2'); // true
 * isValidUsername('-jane'); // false
 * isValidUsername('jane--doe'); // false
 * ```
 */
export function isValidUsername(name: string): boolean {
  return usernamePattern.test(name) && !name.includes('__') && !name.includes('--');
}

/**
 * Counts the UTF-8 bytes of `text`, which is how Go's `len` measures strings.
 *
 * @example
 * ```ts
 * byteLength('é'); // 2
 * ```
 */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Tells whether `text` passes Go's `url.Parse`, the only check the server makes on profile picture URLs.
 *
 * @remarks
 * Almost any string passes. This rejects what `url.Parse` reliably rejects: control characters, a leading colon
 * (a missing scheme), and a `%` that does not start a two-digit hex escape before the query.
 *
 * @example
 * ```ts
 * isParsableUrl('https://example.com/me.png'); // true
 * isParsableUrl('%zz'); // false
 * ```
 */
export function isParsableUrl(text: string): boolean {
  if (hasControlCharacter(text) || text.startsWith(':')) return false;
  const beforeQuery = text.split('?', 1)[0] ?? '';
  return !/%(?![0-9A-Fa-f]{2})/.test(beforeQuery);
}

function hasControlCharacter(text: string): boolean {
  return [...text].some((char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 || code === 0x7f;
  });
}
