/**
 * Copies a caller's input into plain data, once, so that what was checked is exactly what is sent.
 *
 * @module
 */
import { InputValidationError, type Issue } from './errors.ts';

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Deeper input than this is refused: no users-service field nests anywhere near it. */
export const maxDepth = 100;

/**
 * A deep copy of `value` made of plain objects, arrays, strings, finite numbers, booleans, `null`, `undefined` and
 * `Date`s, read exactly once; or an {@link InputValidationError} when that is not possible.
 *
 * @remarks
 * Refused, with the path of the offending field: cycles, `BigInt`s, symbols and functions (JSON cannot carry them),
 * strings and keys that are not well-formed Unicode (a lone surrogate cannot be encoded into a URL), nesting deeper
 * than {@link maxDepth}, and anything whose reading throws (getters, Proxy traps, `toJSON`). An object's own
 * enumerable string keys are copied, as `JSON.stringify` would; a `toJSON` method is honoured. Later reads see the
 * copy, so a getter that answers differently the second time cannot change what goes on the wire.
 *
 * @example
 * ```ts
 * const metadata = plainData(input.metadata, 'metadata'); // throws for { self: <itself> } or { n: 1n }
 * ```
 */
export function plainData(value: unknown, at = ''): unknown {
  return copy(value, at, new Set(), 0, '');
}

function copy(value: unknown, at: string, ancestors: Set<object>, depth: number, key: string): unknown {
  switch (typeof value) {
    case 'string':
      if (loneSurrogate.test(value)) throw refusal(at, 'must be well-formed Unicode (no lone surrogates)');
      return value;
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      throw refusal(at, 'must not be a BigInt');
    case 'symbol':
    case 'function':
      throw refusal(at, `must not be a ${typeof value}`);
  }
  if (value === null) return null;
  const object = value as object;
  // `instanceof` asks a Proxy for its prototype, which may throw: read that like anything else.
  if (read(() => object instanceof Date, at)) return new Date((object as Date).getTime());
  if (ancestors.has(object)) throw refusal(at, 'must not contain itself (a cycle)');
  if (depth >= maxDepth) throw refusal(at, `must not nest deeper than ${maxDepth} levels`);
  ancestors.add(object);
  try {
    const toJSON = read(() => (object as { toJSON?: unknown }).toJSON, at);
    if (typeof toJSON === 'function') {
      return copy(
        read(() => toJSON.call(object, key), at),
        at,
        ancestors,
        depth + 1,
        key,
      );
    }
    if (read(() => Array.isArray(object), at)) {
      const array = object as unknown[];
      const length = read(() => array.length, at);
      const result: unknown[] = [];
      for (let index = 0; index < length; index++) {
        const item = read(() => array[index], join(at, String(index)));
        result.push(copy(item, join(at, String(index)), ancestors, depth + 1, String(index)));
      }
      return result;
    }
    const result: Record<string, unknown> = {};
    for (const name of read(() => Object.keys(object), at)) {
      const path = join(at, name);
      if (loneSurrogate.test(name))
        throw refusal(path, 'key must be well-formed Unicode (no lone surrogates)');
      const item = read(() => (object as Record<string, unknown>)[name], path);
      Object.defineProperty(result, name, {
        value: copy(item, path, ancestors, depth + 1, name),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return result;
  } finally {
    ancestors.delete(object);
  }
}

function read<T>(get: () => T, at: string): T {
  try {
    return get();
  } catch {
    // Not the thrown error as a cause: it is the caller's object talking, and it may quote anything.
    throw refusal(at, 'could not be read (a getter or Proxy threw)');
  }
}

function refusal(path: string, message: string): InputValidationError {
  const issue: Issue = { path, message };
  return new InputValidationError([issue]);
}

function join(at: string, name: string): string {
  return at ? `${at}.${name}` : name;
}
