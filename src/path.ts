/**
 * Builds request paths whose interpolated values can never escape their segment.
 *
 * @module
 */

/**
 * A template tag that URL-encodes every interpolated value as exactly one path segment.
 *
 * @remarks
 * `encodeURIComponent` escapes `/`, `?`, `#` and `%`. The values `.` and `..` (even percent-encoded) are dot segments
 * that URL parsers resolve, so ids are validated against them before a path is built (see `idSchema`).
 *
 * @example
 * ```ts
 * path`users/${'../profile'}/tags`; // 'users/..%2Fprofile/tags'
 * ```
 */
export function path(strings: TemplateStringsArray, ...values: readonly string[]): string {
  return strings.reduce((joined, part, index) => joined + encodeURIComponent(values[index - 1] ?? '') + part);
}
