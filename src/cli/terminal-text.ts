/**
 * Text from a server, made safe to print on a terminal.
 *
 * @module
 */

// C0 and C1 controls, DEL, and the invisible format characters that reorder or hide text (bidi overrides and
// isolates, zero-width characters, the BOM): each of them could rewrite what the terminal shows.
const invisible = '\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff';
const unsafe = new RegExp(`[\u0000-\u001f${invisible}]`, 'g');
// In JSON.stringify's output the C0 controls are escaped already; the raw ones left are its own line breaks.
const unsafeInJson = new RegExp(`[${invisible}]`, 'g');

/**
 * Removes control and invisible format characters from `text`, for a line of plain text such as an error message.
 *
 * @example
 * ```ts
 * stripControls('bad\u001b[2J request'); // 'bad[2J request'
 * ```
 */
export function stripControls(text: string): string {
  return text.replace(unsafe, '');
}

/**
 * Serialises `value` as JSON whose text holds no control or invisible format character: `JSON.stringify` escapes
 * the C0 controls, and the rest (DEL, C1, bidi overrides, zero-width characters) are escaped here as `\uXXXX`, so
 * the JSON still means exactly what the server sent.
 *
 * @param indent - Spaces of indentation; `0` prints one compact line.
 *
 * @example
 * ```ts
 * terminalJson({ first_name: 'a\u202eb' }, 0); // '{"first_name":"a\\u202eb"}'
 * ```
 */
export function terminalJson(value: unknown, indent: number): string {
  const text = JSON.stringify(value, null, indent || undefined) ?? 'null';
  return text.replace(unsafeInJson, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
