/**
 * Faster ways through the commonest checks, a user reply and a path id, each with exactly zod's result.
 *
 * @module
 */
import type * as z from 'zod/mini';
import { idSchema, userSchema } from './schemas.ts';

type Copy = (value: unknown) => unknown;

// Each returns what zod's schema for the field returns, or `undefined` when it might not (zod then decides).
const text: Copy = (value) => (typeof value === 'string' ? value : undefined);
const texts: Copy = (value) =>
  value === null
    ? null
    : Array.isArray(value) && value.every((item) => typeof item === 'string')
      ? [...value]
      : undefined;
const record: Copy = (value) => {
  if (value === null) return null;
  if (!isJsonObject(value)) return undefined;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (key !== '__proto__') copy[key] = value[key];
  return copy;
};
const credentials: Copy = (value) => looseCopy(value, new Map([['username', text]]));

// `userSchema`'s fields in its order, each with how to copy it: text unless listed. A field added to the schema
// that is not plain text must be listed: test/quick-parse.test.ts compares both ways on every field, and fails.
const nonText: Record<string, Copy> = {
  credentials,
  tags: texts,
  metadata: record,
  private_metadata: record,
  permissions: texts,
};
const userFields = new Map(Object.keys(userSchema.def.shape).map((key) => [key, nonText[key] ?? text]));

/**
 * What `z.parse(userSchema, value)` returns, reached without zod, or `undefined` when `value` is anything but a
 * valid user as JSON brings it (then zod parses it, and reports what is wrong).
 *
 * @remarks
 * For bodies just parsed from JSON: plain objects, arrays and primitives. The copy has zod's shape: the declared
 * fields first, in the schema's order, then the unknown ones as they came; nested objects and lists are copied,
 * unknown values passed on as they are. A `__proto__` key anywhere it would matter is left to zod. Making none of
 * zod's per-field payloads is what makes it faster: about a quarter of a call's own cost on loopback.
 *
 * @example
 * ```ts
 * quickUser(JSON.parse('{"id":"u1","email":"jane@example.com"}')); // { id: 'u1', email: 'jane@example.com' }
 * quickUser({ id: 1 }); // undefined
 * ```
 */
export function quickUser(value: unknown): unknown {
  const user = looseCopy(value, userFields) as { id?: unknown } | undefined;
  return user?.id === undefined ? undefined : user;
}

/**
 * `z.parse(schema, value)` by a quicker way where there is one, else `undefined`.
 *
 * @example
 * ```ts
 * const user = quickParse(userSchema, body) ?? z.parse(userSchema, body);
 * ```
 */
export function quickParse(schema: z.ZodMiniType, value: unknown): unknown {
  return schema === userSchema ? quickUser(value) : undefined;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** A loose object's copy: `fields` (each optional) first, in their order, then every other key. */
function looseCopy(value: unknown, fields: ReadonlyMap<string, Copy>): unknown {
  if (!isJsonObject(value) || Object.hasOwn(value, '__proto__')) return undefined;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of fields) {
    const item = value[key];
    if (item === undefined) continue;
    const copied = field(item);
    if (copied === undefined) return undefined;
    copy[key] = copied;
  }
  for (const key of Object.keys(value)) {
    if (!fields.has(key)) copy[key] = value[key];
  }
  return copy;
}

/**
 * `value` when `schema` accepts it as it is and there is a quick way to tell (a path id), else `undefined`: zod
 * then decides, and says what is wrong.
 *
 * @example
 * ```ts
 * quickInput(idSchema, 'u1'); // 'u1'
 * quickInput(idSchema, '..'); // undefined
 * ```
 */
export function quickInput(schema: z.ZodMiniType, value: unknown): unknown {
  return schema === idSchema && typeof value === 'string' && value !== '' && value !== '.' && value !== '..'
    ? value
    : undefined;
}
