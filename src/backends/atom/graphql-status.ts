/**
 * ATOM's GraphQL failures arrive as HTTP 200 with `errors[]` and no codes: the status each message stands for,
 * from the contract's table (`atom-contract.md` §3.2).
 *
 * @module
 */

// Patterns over the messages of the contract's table, tried in this order: "session <uuid> not found" is 404 while
// "session not found" is 401; "name is required" and "unsupported credential kind: token" are 400 while "email
// verification required" is 401. Only messages the SDK's fixed documents can meet are listed (no alias, tenant
// selector, profile, restore or GraphQL signup errors); any other message stays a plain ApiError.
const statuses: ReadonlyArray<readonly [number, RegExp]> = [
  [404, / [\da-f-]{36} not found$|^credential not found/],
  [400, /UUID|is required|^(unsupported|password|invalid email|attributes|Unknown|Invalid|Query)/],
  [401, /auth|token|session|not active|api key|credentials|verification|identifier/i],
  [403, /^forbidden$/],
  [409, /^already exists$/],
  [429, /^too many/],
  [500, /^(database|internal) error$|^invalid (reference|value)$/],
];

/**
 * The HTTP status a GraphQL reply's failure stands for, or `undefined` when the reply holds no error.
 *
 * @remarks
 * An unrecognised message keeps status 200, so it becomes a plain `ApiError` with the server's message: never a
 * success.
 *
 * @example
 * ```ts
 * graphqlStatus({ data: null, errors: [{ message: 'forbidden' }] }); // 403
 * ```
 */
export function graphqlStatus(body: unknown): number | undefined {
  const errors = (body as { errors?: unknown } | null | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const message = String((errors[0] as { message?: unknown } | null)?.message ?? '');
  return statuses.find(([, pattern]) => pattern.test(message))?.[0] ?? 200;
}
