/**
 * Reads JSON text that something else wrote, when it has the expected shape.
 *
 * @module
 */
import type * as z from 'zod/mini';

/**
 * Parses `text` as JSON and checks it against `schema`: the checked value, or `undefined` when the text is not
 * JSON or not of that shape.
 *
 * @internal
 * @remarks
 * For text that may be half-written, foreign or damaged (a lock file, a message from another process), where the
 * caller treats anything unreadable as absent rather than as an error. Shared by the Redis store and the Node
 * file lock.
 *
 * @param text - The JSON text.
 * @param schema - The shape the value must have.
 * @returns The value as `schema` outputs it, or `undefined`.
 *
 * @example
 * ```ts
 * const owner = z.object({ pid: z.number() });
 * parseJson('{"pid":42}', owner); // { pid: 42 }
 * parseJson('{"pid":', owner); // undefined
 * parseJson('{"pid":"42"}', owner); // undefined
 * ```
 */
export function parseJson<S extends z.ZodMiniType>(text: string, schema: S): z.output<S> | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
