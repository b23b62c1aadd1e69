/**
 * Runs a zod/mini schema and turns its failure into the SDK's own errors.
 *
 * @module
 */
import * as z from 'zod/mini';
import { InputValidationError, type Issue } from './errors.ts';

/**
 * Parses `value` with `schema`, or throws {@link InputValidationError} listing every problem.
 *
 * @example
 * ```ts
 * const id = parseInput(idSchema, input, 'id');
 * ```
 */
export function parseInput<S extends z.ZodMiniType>(schema: S, value: unknown, at = ''): z.output<S> {
  const result = z.safeParse(schema, value);
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
