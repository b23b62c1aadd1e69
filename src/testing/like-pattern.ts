/**
 * SQL `ILIKE '%…%'` matching, which the server uses for its text filters.
 *
 * @module
 */

/**
 * Tells whether `text` contains `needle` under SQL `ILIKE` rules: case-insensitive, where `%` in the needle matches
 * any run of characters, `_` any one character, and `\` escapes the next character.
 *
 * @example
 * ```ts
 * containsLike('JaneDoe', 'jane'); // true
 * containsLike('jane-doe', 'jane_doe'); // true: `_` matches any one character
 * ```
 */
export function containsLike(text: string, needle: string): boolean {
  let pattern = '';
  for (let index = 0; index < needle.length; index += 1) {
    const char = needle[index] ?? '';
    if (char === '\\') {
      index += 1;
      pattern += escapeRegExp(needle[index] ?? '\\');
    } else if (char === '%') {
      pattern += '[\\s\\S]*';
    } else if (char === '_') {
      pattern += '[\\s\\S]';
    } else {
      pattern += escapeRegExp(char);
    }
  }
  return new RegExp(pattern, 'iu').test(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
