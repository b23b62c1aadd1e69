/**
 * The JSON arguments of the command line: the changes of `<id> update`, the tags of `update tags`, and
 * `--metadata`.
 *
 * @module
 */
import type { UpdateUserInput } from '../index.ts';
import type { CommandName } from './command.ts';
import { UsageError } from './usage-error.ts';

/** A JSON object, as parsed. */
type JsonObject = Record<string, unknown>;

/**
 * Parses a JSON object argument.
 *
 * @throws {@link UsageError} (about `what`, for `topic`) when `text` is not JSON or not an object. The message does
 * not quote `text`.
 *
 * @example
 * ```ts
 * jsonObject('{"team":"ops"}', '--metadata', 'list'); // { team: 'ops' }
 * ```
 */
export function jsonObject(text: string, what: string, topic: CommandName): JsonObject {
  const value = parseJson(text, what, topic);
  if (!isObject(value)) throw new UsageError(`${what} must be a JSON object`, [topic]);
  return value;
}

/**
 * Parses the tags argument of `<id> update tags`: a JSON array of strings.
 *
 * @throws {@link UsageError} when it is anything else.
 *
 * @example
 * ```ts
 * jsonTags('["light 1", "light 2"]'); // ['light 1', 'light 2']
 * ```
 */
export function jsonTags(text: string): string[] {
  const value = parseJson(text, 'the tags', 'update tags');
  if (!Array.isArray(value) || !value.every((tag) => typeof tag === 'string')) {
    throw new UsageError('the tags must be a JSON array of strings', ['update tags']);
  }
  return value;
}

/** What each field `<id> update '<json>'` may hold must be: a string or a JSON object. */
const updatable: Readonly<Record<keyof UpdateUserInput, 'string' | 'object'>> = {
  first_name: 'string',
  last_name: 'string',
  metadata: 'object',
  private_metadata: 'object',
};

/**
 * Parses the changes of `<id> update '<json>'`: an object with `first_name`, `last_name`, `metadata` and
 * `private_metadata` only.
 *
 * @remarks
 * Other fields are refused rather than dropped: the server would ignore them silently, and email, username, tags and
 * role have their own `update` forms.
 *
 * @throws {@link UsageError} for any other field, or a field of the wrong type.
 *
 * @example
 * ```ts
 * jsonChanges('{"first_name":"Janice","metadata":{"aoty":"1"}}');
 * ```
 */
export function jsonChanges(text: string): UpdateUserInput {
  const changes = jsonObject(text, 'the update', 'update');
  for (const [field, value] of Object.entries(changes)) {
    const expected = Object.hasOwn(updatable, field) ? updatable[field as keyof UpdateUserInput] : undefined;
    if (expected === undefined) {
      throw new UsageError(
        'the update may hold only first_name, last_name, metadata and private_metadata ' +
          '(email, username, tags and role have their own update forms)',
        ['update', 'update tags', 'update email', 'update username', 'update role'],
      );
    }
    if (expected === 'string' ? typeof value !== 'string' : !isObject(value)) {
      throw new UsageError(`${field} must be a JSON ${expected}`, ['update']);
    }
  }
  return changes as UpdateUserInput;
}

function parseJson(text: string, what: string, topic: CommandName): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} is not valid JSON`, [topic]);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
