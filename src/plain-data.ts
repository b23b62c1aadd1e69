/**
 * Copies a caller's input into plain data, once, so that what was checked is exactly what is sent.
 *
 * @module
 */
import { InputValidationError } from './errors.ts';

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * `value` as it will travel: a JSON copy, read exactly once; or an {@link InputValidationError} at `at` when that is
 * not possible.
 *
 * @remarks
 * The copy is what `JSON.stringify` makes of the value (a `Date` becomes its ISO string, `toJSON` is honoured,
 * `undefined` fields are left out), so a getter that answers differently the second time cannot change what goes on
 * the wire. Refused: cycles, `BigInt`s, strings that are not well-formed Unicode (a lone surrogate cannot be encoded
 * into a URL), nesting too deep for the runtime, and anything whose reading throws (getters, Proxy traps, `toJSON`).
 *
 * @example
 * ```ts
 * plainData({ team: 'ops', since: new Date(0) }); // { team: 'ops', since: '1970-01-01T00:00:00.000Z' }
 * plainData({ n: 1n }, 'metadata'); // throws InputValidationError
 * ```
 */
export function plainData(value: unknown, at = ''): unknown {
  if (value === undefined) return value;
  // A string is its own copy (the common case: an id): only its well-formedness needs checking.
  return typeof value === 'string' && !loneSurrogate.test(value) ? value : jsonCopy(value, at);
}

function jsonCopy(value: unknown, at: string): unknown {
  try {
    return JSON.parse(
      JSON.stringify(value, (key, item: unknown) => {
        if (loneSurrogate.test(key) || (typeof item === 'string' && loneSurrogate.test(item))) throw 0;
        return item;
      }),
    );
  } catch {
    // Not the thrown error as a cause: it is the caller's object talking, and it may quote anything.
    throw new InputValidationError([
      {
        path: at,
        message: 'must be JSON data (no cycles, BigInt, lone surrogates or throwing getters)',
      },
    ]);
  }
}
