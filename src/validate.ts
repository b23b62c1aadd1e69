/**
 * Runs a zod/mini schema and turns its failure into the SDK's own errors.
 *
 * @module
 */
import * as z from 'zod/mini';
import { InputValidationError, type Issue } from './errors.ts';
import { plainData } from './plain-data.ts';
import { quickInput } from './quick-parse.ts';

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
  return plainData(quickInput(schema, value) ?? parseSchema(schema, value, at), at) as z.output<S>;
}

function parseSchema<S extends z.ZodMiniType>(schema: S, value: unknown, at: string): z.output<S> {
  let result: ReturnType<typeof z.safeParse<S>>;
  try {
    result = z.safeParse(schema, value);
  } catch {
    throw new InputValidationError([{ path: at, message: unreadable }]);
  }
  if (result.success) return result.data;
  throw new InputValidationError(issuesOf(result.error, at));
}

// Not the thrown error as a cause: it is the caller's object talking, and it may quote anything.
const unreadable = 'could not be read (a getter or Proxy threw)';

/**
 * A setting's check and the message when it fails (and whether it is required), or the rules of a nested object
 * of settings.
 *
 * @example
 * ```ts
 * const timeout: Rule = [(value) => value === false || (typeof value === 'number' && value > 0), 'must be positive'];
 * ```
 */
export type Rule = readonly [test: (value: unknown) => boolean, message: string, required?: boolean] | Rules;
/**
 * The rules of an object of settings, by key.
 *
 * @example
 * ```ts
 * const rules: Rules = { tokens: { access_token: bearer, refresh_token: bearer } };
 * ```
 */
export interface Rules {
  readonly [key: string]: Rule;
}

/**
 * A shallow copy of the settings object `value`, read once, after checking each key that has a rule (an
 * `undefined` value passes unless the rule says it is required); or an {@link InputValidationError} listing every
 * setting that fails.
 *
 * @remarks
 * For settings that hold functions and objects the SDK calls (`fetch`, hooks, a token store, an `AbortSignal`),
 * which a JSON copy would lose. Keys without a rule are copied as they are. A getter or Proxy that throws is an
 * {@link InputValidationError} too.
 *
 * @example
 * ```ts
 * const options = parseSettings<RequestOptions>(given, { timeout: [(v) => v === false || v > 0, 'must be positive'] });
 * ```
 */
export function parseSettings<T>(value: unknown, rules: Rules, at = ''): T {
  const issues: Issue[] = [];
  const copy = settings(value, rules, at, issues);
  if (issues.length > 0) throw new InputValidationError(issues);
  return copy as T;
}

function settings(value: unknown, rules: Rules, at: string, issues: Issue[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    issues.push({ path: at, message: 'must be an object' });
    return {};
  }
  let copy: Record<string, unknown>;
  try {
    copy = { ...value };
  } catch {
    issues.push({ path: at, message: unreadable });
    return {};
  }
  for (const [key, rule] of Object.entries(rules)) {
    const path = at ? `${at}.${key}` : key;
    const item = copy[key];
    if (!Array.isArray(rule)) {
      if (item !== undefined) copy[key] = settings(item, rule as Rules, path, issues);
      continue;
    }
    const [test, message, required] = rule;
    if (item === undefined && !required) continue;
    let ok = false;
    try {
      ok = item !== undefined && test(item);
    } catch {
      // a check that reads a throwing getter fails like any other
    }
    if (!ok) issues.push({ path, message });
  }
  return copy;
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
