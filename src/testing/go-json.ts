/**
 * Reading a JSON body into a struct the way Go's `json.NewDecoder(r.Body).Decode(&req)` does.
 *
 * @module
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.ts';

const whitespace = new Set([' ', '\t', '\n', '\r']);

/**
 * Decodes the first JSON value of `text` as Go decodes it into a struct, and returns its fields under their folded
 * names (see {@link foldFieldName}).
 *
 * @remarks
 * Go's `Decoder.Decode` reads one value and stops: whatever follows it is never looked at, so `{"a":1} trailing`
 * decodes. `null` decodes to an empty struct. Go matches object keys to struct fields case-insensitively, and when
 * several keys land on one field the last one wins; folding the names here gives the same answer for the lower-case
 * field names of the users API. Values are not folded: nested structs go through {@link foldStructKeys}, maps keep
 * their keys as sent.
 *
 * @throws SyntaxError when there is no value, the value is malformed, or it is neither an object nor `null` (Go
 * fails those with a syntax or type error, which the server answers with 400).
 *
 * @example
 * ```ts
 * decodeGoStruct('{"EMAIL": "jane@example.com"} and more'); // { email: 'jane@example.com' }
 * ```
 */
export function decodeGoStruct(text: string): JsonObject {
  const start = skipWhitespace(text, 0);
  if (text.startsWith('null', start)) return {};
  if (text[start] !== '{') throw new SyntaxError('not a JSON object');
  const objectText = text.slice(start, endOfValue(text, start));
  // Validates the whole first value; the scan below then walks text that is known to be well-formed.
  JSON.parse(objectText);
  const fields: JsonObject = {};
  for (const [key, value] of entriesInOrder(objectText)) fields[foldFieldName(key)] = value;
  return fields;
}

/**
 * The object `value` with its keys folded, for a nested struct such as `credentials`; `undefined` for anything else.
 *
 * @example
 * ```ts
 * foldStructKeys({ Username: 'jane' }); // { username: 'jane' }
 * ```
 */
export function foldStructKeys(value: JsonValue | undefined): JsonObject | undefined {
  if (!isJsonObject(value)) return undefined;
  const fields: JsonObject = {};
  for (const [key, item] of Object.entries(value)) fields[foldFieldName(key)] = item;
  return fields;
}

/**
 * The name a JSON key is matched under: lower case, with the two non-ASCII letters Go's case folding maps onto
 * ASCII ones (`ſ` onto `s`; the Kelvin sign `K` onto `k`, which `toLowerCase` already does).
 *
 * @example
 * ```ts
 * foldFieldName('First_Name'); // 'first_name'
 * ```
 */
export function foldFieldName(key: string): string {
  return key.toLowerCase().replaceAll('ſ', 's');
}

function* entriesInOrder(objectText: string): Generator<[string, JsonValue]> {
  let index = skipWhitespace(objectText, 1);
  while (objectText[index] !== '}') {
    const keyEnd = endOfString(objectText, index);
    const key = JSON.parse(objectText.slice(index, keyEnd)) as string;
    const valueStart = skipWhitespace(objectText, skipWhitespace(objectText, keyEnd) + 1);
    const valueEnd = endOfValue(objectText, valueStart);
    yield [key, JSON.parse(objectText.slice(valueStart, valueEnd)) as JsonValue];
    index = skipWhitespace(objectText, valueEnd);
    if (objectText[index] === ',') index = skipWhitespace(objectText, index + 1);
  }
}

function skipWhitespace(text: string, from: number): number {
  let index = from;
  while (index < text.length && whitespace.has(text[index] ?? '')) index++;
  return index;
}

function endOfString(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    const char = text[index];
    if (char === '\\') index++;
    else if (char === '"') return index + 1;
  }
  throw new SyntaxError('unterminated JSON string');
}

function endOfValue(text: string, start: number): number {
  const first = text[start];
  if (first === '"') return endOfString(text, start);
  if (first !== '{' && first !== '[') {
    let index = start;
    while (index < text.length && !/[\s,\]}]/.test(text[index] ?? '')) index++;
    return index;
  }
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (char === '"') index = endOfString(text, index) - 1;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return index + 1;
    }
  }
  throw new SyntaxError('unterminated JSON value');
}
