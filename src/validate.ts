/**
 * Runs a zod/mini schema and turns its failure into the SDK's own errors.
 *
 * @module
 */
import * as z from 'zod/mini';
import { InputValidationError, type Issue } from './errors.ts';
import { plainData } from './plain-data.ts';

/**
 * Parses `value` with `schema` and returns a plain-data copy of the result, or throws {@link InputValidationError}
 * listing every problem.
 *
 * @remarks
 * For the data a method sends (bodies, queries, path segments). The result is read once and copied (see
 * {@link plainData}): no getter, Proxy, cycle or `BigInt` reaches the request, and anything that throws while it is
 * read becomes an {@link InputValidationError} too.
 *
 * @example
 * ```ts
 * const id = parseInput(idSchema, input, 'id');
 * ```
 */
export function parseInput<S extends z.ZodMiniType>(schema: S, value: unknown, at = ''): z.output<S> {
  return plainData(parseSettings(schema, value, at), at) as z.output<S>;
}

/**
 * Parses `value` with `schema`, or throws {@link InputValidationError}; the result is not copied further.
 *
 * @remarks
 * For settings that hold functions and objects the SDK calls (`fetch`, hooks, a token store, an `AbortSignal`).
 * Anything that throws while the schema reads `value` (a getter, a Proxy trap) is an {@link InputValidationError}.
 *
 * @example
 * ```ts
 * const options = parseSettings(requestOptionsSchema, given, 'options');
 * ```
 */
export function parseSettings<S extends z.ZodMiniType>(schema: S, value: unknown, at = ''): z.output<S> {
  let result: ReturnType<typeof z.safeParse<S>>;
  try {
    result = z.safeParse(schema, value);
  } catch {
    // Not the thrown error as a cause: it is the caller's object talking, and it may quote anything.
    throw new InputValidationError([{ path: at, message: 'could not be read (a getter or Proxy threw)' }]);
  }
  if (result.success) return result.data;
  throw new InputValidationError(issuesOf(result.error, at));
}

/**
 * The issues of a zod error as secret-free `{ path, message }` pairs, under an optional path prefix.
 *
 * @example
 * ```ts
 * issuesOf(error, 'params'); // [{ path: 'params.limit', message: 'must be at most 100' }]
 * ```
 */
export function issuesOf(error: z.core.$ZodError, at = ''): Issue[] {
  return error.issues.map((issue) => ({
    path: [at, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}
