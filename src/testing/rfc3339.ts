/**
 * Timestamps as the server writes and reads them: RFC 3339 in UTC, with the Go zero time for "never".
 *
 * @module
 */

/**
 * Go's zero `time.Time`, which the server sends for timestamps that were never set.
 *
 * @example
 * ```ts
 * renderUser(user, 'full').verified_at === zeroTime; // not verified
 * ```
 */
export const zeroTime = '0001-01-01T00:00:00Z';

const rfc3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Formats epoch milliseconds as Go's `RFC3339Nano` does (trailing zeros of the fraction dropped); `null` (never
 * set) is the zero time.
 *
 * @example
 * ```ts
 * formatTime(Date.UTC(2026, 0, 2, 3, 4, 5, 120)); // '2026-01-02T03:04:05.12Z'
 * formatTime(null); // '0001-01-01T00:00:00Z'
 * ```
 */
export function formatTime(epochMs: number | null): string {
  if (epochMs === null) return zeroTime;
  return new Date(epochMs)
    .toISOString()
    .replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits ? `.${digits}Z` : 'Z'));
}

/**
 * Parses an RFC 3339 timestamp into epoch milliseconds (fractions finer than a millisecond are cut), or returns
 * `undefined` when the text is not one.
 *
 * @example
 * ```ts
 * parseTime('2026-01-02T03:04:05+01:00'); // Date.UTC(2026, 0, 2, 2, 4, 5)
 * parseTime('yesterday'); // undefined
 * ```
 */
export function parseTime(text: string): number | undefined {
  const match = rfc3339.exec(text);
  if (!match) return undefined;
  const [, dateTime, fraction = '', zone] = match;
  const epochMs = Date.parse(`${dateTime}${fraction.slice(0, 4)}${zone}`);
  return Number.isNaN(epochMs) ? undefined : epochMs;
}
