/**
 * Reading the code of a Node system error.
 *
 * @module
 */

/**
 * The `code` of a Node system error (`'ENOENT'`, `'EEXIST'`…), or `''` for anything else.
 *
 * @param error - What was thrown.
 * @returns The code, or `''`.
 *
 * @example
 * ```ts
 * await unlink(path).catch((error) => { if (errorCode(error) !== 'ENOENT') throw error; });
 * ```
 */
export function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : '';
}
