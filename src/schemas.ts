/**
 * zod/mini schemas for every wire shape, in and out: the runtime check of what is sent and received. The public types
 * they check against are written out in `entities.ts` and `inputs.ts` (so that editors and the reference show their
 * fields), and `test/types/schemas.test-d.ts` proves at compile time that each schema and its type agree.
 *
 * @module
 */
import * as z from 'zod/mini';

/** An open string union: the known values autocomplete, and newer servers' values still type-check. */
type Open<T extends string> = T | (string & {});

// Most of zod core's weight is in its richer schemas and checks (`z.record`, `z.enum`, `z.int`, `z.iso.datetime`,
// `z.union`, `z.minLength`, `z._default`, `z.pipe` with `z.transform`, even `z.number` and `z.boolean`), which this
// file only needs a fraction of.
// The helpers below spell those out with `z.custom`, `z.refine` and `z.check`, which the bundle carries anyway:
// each accepts, rejects and reports (message, path, which checks still run) exactly as the zod feature it replaces
// (test/schemas-match-zod.test.ts runs both spellings side by side; together they took 3.2 KB gzipped off the bundle).

const text = z.string();

/**
 * `z.number()`: a finite number, else `Invalid input`.
 *
 * @example
 * ```ts
 * const page = z.looseObject({ total: finiteSchema });
 * ```
 */
export const finiteSchema = z.custom<number>(Number.isFinite);
const finite = finiteSchema;

/**
 * `z.boolean()`: `true` or `false`, else `Invalid input`.
 *
 * @example
 * ```ts
 * const deleted = z.parse(booleanSchema, reply.data.deleteEntity);
 * ```
 */
export const booleanSchema = z.custom<boolean>((value) => typeof value === 'boolean');

/** Whether a check on a length still runs after a failed type check: zod's length checks run on anything with one. */
const hasLength = ({ value }: { value: unknown }) =>
  value != null && (value as { length?: unknown }).length !== undefined;
/** `z.minLength` / `z.maxLength`: `test` on the value's length, also reported for a non-string that has one. */
const length = (test: (length: number) => boolean, message: string) =>
  z.refine<string>((value) => test(value.length), { message, when: hasLength });
const nonEmpty = (what: string) => z.string().check(length((n) => n >= 1, `${what} must not be empty`));
/** `z.regex`: a pattern the string must match. */
const matches = (pattern: RegExp, message: string) =>
  z.refine<string>((value) => pattern.test(value), message);
// The server measures strings with Go's len(): UTF-8 bytes, not characters ("é" is 2).
const utf8Length = (value: string) => new TextEncoder().encode(value).length;
const atMostBytes = (limit: number, message: string) =>
  z.refine<string>((value) => utf8Length(value) <= limit, message);

/** `z.enum(values)`: one of `values`, else `Invalid input`. */
const oneOf = <const T extends readonly string[]>(values: T) =>
  z.custom<T[number]>((value) => values.includes(value as string));
const openString = <T extends string>() => z.custom<Open<T>>((value) => typeof value === 'string');

/**
 * `z.int()` with a minimum (and a maximum): a number that is whole, else `Invalid input` (and no further check);
 * beyond ±2^53 `Invalid input` as well; then the bounds, each with its own message.
 */
const whole = (min: number, minMessage: string, max = Number.POSITIVE_INFINITY, maxMessage = '') =>
  z.custom<number>(Number.isInteger).check(
    z.refine(Number.isSafeInteger),
    z.refine((value) => value >= min, minMessage),
    z.refine((value) => value <= max, maxMessage),
  );

/** zod's test of a plain object, which `z.record` applies: an object literal, `Object.create(null)` or alike. */
function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const maker: unknown = value.constructor;
  if (typeof maker !== 'function') return true;
  const { prototype } = maker;
  return (
    typeof prototype === 'object' &&
    prototype !== null &&
    !Array.isArray(prototype) &&
    Object.hasOwn(prototype, 'isPrototypeOf')
  );
}

/**
 * `z.record(z.string(), z.unknown())`: a plain object (no array, Map, Date or class instance), copied key by key
 * as zod copies it: enumerable own keys only, `__proto__` left out, a symbol key an issue at that key.
 */
const record = z.custom<Record<string, unknown>>(isPlainObject).check(
  z.check((payload) => {
    const input = payload.value;
    const copy: Record<string, unknown> = {};
    for (const key of Reflect.ownKeys(input)) {
      if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(input, key)) continue;
      if (typeof key === 'symbol') payload.issues.push({ code: 'custom', input: key, path: [key] });
      else copy[key] = input[key];
    }
    payload.value = copy;
  }),
);

/** `z.array(z.string())`: a copy of `value` read item by item, or `undefined` when it is not a list of strings. */
function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const copy: string[] = [];
  for (let index = 0; index < value.length; index++) {
    const item: unknown = value[index];
    if (typeof item !== 'string') return undefined;
    copy.push(item);
  }
  return copy;
}

/**
 * `z.union([z.array(z.string()), z.object({ all: z.array(z.string()) })])`: a copy of a list of tags, or of
 * `{ all: [...] }` without its other fields; anything else `Invalid input`.
 */
const tagFilter = z.custom<string[] | { all: string[] }>().check(
  z.check((payload) => {
    const { value } = payload;
    const any = strings(value);
    const all =
      any === undefined && typeof value === 'object' && value !== null && !Array.isArray(value)
        ? strings((value as { all?: unknown }).all)
        : undefined;
    if (any) payload.value = any;
    else if (all) payload.value = { all };
    else payload.issues.push({ code: 'custom', input: value });
  }),
);

/**
 * `z.pipe(schema, z.transform(reshape))` for a synchronous `reshape`: the parsed value is replaced in place once
 * the schema has passed.
 */
const reshaped = <S extends z.ZodMiniType, T>(schema: S, reshape: (value: z.output<S>) => T) =>
  schema.check(
    z.check((payload) => {
      payload.value = reshape(payload.value) as never;
    }),
  ) as unknown as z.ZodMiniType<T, z.input<S>>;

/**
 * An object schema that keeps unknown fields at run time, as `z.looseObject` does (a newer server's additions reach
 * the caller), but whose type lists only the declared fields: the public types have no index signature, so typos in
 * field names fail to compile.
 */
const passThrough = <Shape extends z.core.$ZodLooseShape>(shape: Shape) =>
  z.looseObject(shape) as unknown as z.ZodMiniObject<Shape, z.core.$strip>;

// ---------------------------------------------------------------------------------------------- replies

/** A user as the server returns it. Fields the server may omit are optional; unknown fields pass through. */
export const userSchema = passThrough({
  id: text,
  first_name: z.optional(text),
  last_name: z.optional(text),
  email: z.optional(text),
  credentials: z.optional(passThrough({ username: z.optional(text) })),
  tags: z.optional(z.nullable(z.array(text))),
  metadata: z.optional(z.nullable(record)),
  private_metadata: z.optional(z.nullable(record)),
  profile_picture: z.optional(text),
  status: z.optional(openString<'enabled' | 'disabled' | 'deleted'>()),
  role: z.optional(openString<'user' | 'admin'>()),
  permissions: z.optional(z.nullable(z.array(text))),
  created_at: z.optional(text),
  updated_at: z.optional(text),
  updated_by: z.optional(text),
  verified_at: z.optional(text),
  auth_provider: z.optional(text),
});

/** One page of users. `offset` and `limit` are omitted by the server when 0, so they default to 0. */
export const usersPageSchema = reshaped(
  passThrough({
    total: finite,
    offset: z.optional(finite),
    limit: z.optional(finite),
    users: z.optional(z.array(userSchema)),
  }),
  // In this order, as zod's defaults would fill them in: the declared fields, then the unknown ones.
  ({ total, offset = 0, limit = 0, users = [], ...unknown }) => ({ total, offset, limit, users, ...unknown }),
);

// A token that travels as `Authorization: Bearer <token>`: visible ASCII only. A CR, LF or NUL would make every
// request fail with the runtime's header error (which quotes the whole header), and a space or a non-ASCII
// character is no bearer any server issues.
const bearer = (what: string) =>
  nonEmpty(what).check(
    matches(/^[\x21-\x7e]*$/, 'must hold only visible ASCII characters (no spaces, line breaks or controls)'),
  );

/** A bearer token (access, refresh or reset token): non-empty, visible ASCII only. */
export const bearerSchema = bearer('token');

/** The access and refresh tokens of a session, as the server issues them. */
export const tokenPairSchema = passThrough({
  access_token: bearerSchema,
  refresh_token: bearerSchema,
});

/** One active refresh session of the current user: `id` is the refresh token's `jti`, which revoke expects. */
export const refreshTokenInfoSchema = passThrough({ id: text, description: z.optional(text) });

/** `GET /users/tokens/refresh-tokens`; the server sends `null` (or nothing) when there are none. */
export const refreshTokensSchema = reshaped(
  z.nullable(passThrough({ refresh_tokens: z.optional(z.nullable(z.array(refreshTokenInfoSchema))) })),
  (reply) => reply?.refresh_tokens ?? [],
);

/** The service's health report (`GET /health`). */
export const healthSchema = passThrough({
  status: text,
  version: z.optional(text),
  commit: z.optional(text),
  description: z.optional(text),
  build_time: z.optional(text),
  instance_id: z.optional(text),
});

// ---------------------------------------------------------------------------------------------- inputs

/**
 * The server's create-time username rule: 1–32 of letters, digits, `_`, `-`; starting with a letter or digit; no
 * `__`/`--`; not an email address. Rule: api-contract.md §2 "Create" 3–5 (upstream `users/api/requests.go:22-69`,
 * `api/http/common.go:99,147-157`). All ASCII, so characters and bytes agree. Used by `create` only.
 */
export const usernameSchema = z.string().check(
  length((n) => n >= 1, 'must not be empty'),
  length((n) => n <= 32, 'must be at most 32 characters'),
  matches(
    /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
    'may hold only letters, digits, _ and -, and must start with a letter or digit',
  ),
  z.refine((name) => !/__|--/.test(name), 'must not contain __ or --'),
  z.refine((name) => !name.includes('@'), 'must not look like an email address'),
);

/**
 * A new username for `updateUsername`: not empty, at most 1024 UTF-8 bytes. The create rule is not applied on update.
 * Rule: api-contract.md §2 "Other requests", username row (upstream `users/api/requests.go:232-244`:
 * `missing username`, `invalid name size` over `MaxNameSize`).
 */
export const newUsernameSchema = nonEmpty('username').check(
  atMostBytes(1024, 'must be at most 1024 bytes (UTF-8)'),
);

/**
 * An email address, checked only as far as every address Go's `net/mail.ParseAddress` accepts has to go: some text,
 * an `@`, some text. So `jane@example.com`, `Jane Doe <jane@example.com>` and `"jane doe"@example.com` pass, and
 * the server answers the rest (`invalid email`). Rule: api-contract.md §2 "Create" 6 and the email row (upstream
 * `users/api/requests.go` validate() with `mail.ParseAddress`, `api/http/common.go:113-118`).
 */
export const emailSchema = nonEmpty('email').check(
  matches(/.@./su, 'must be an email address (text@text, or a name and <text@text>)'),
);

/**
 * The email of `requestPasswordReset`: not empty, and nothing more, since the server makes no format check there
 * (an unknown address is 404). Rule: api-contract.md §2 "Other requests", reset-request row.
 */
export const resetRequestEmailSchema = nonEmpty('email');

// Rule: api-contract.md §2 "Create" 1–2 (upstream `users/api/requests.go:22-69`, `MaxNameSize` in
// `api/http/common.go:92`): not empty, at most 1024 bytes.
const nameSchema = (what: string) =>
  nonEmpty(what).check(atMostBytes(1024, `${what} must be at most 1024 bytes (UTF-8)`));

/** The body of {@link UsersClient.create}. */
export const createUserSchema = z.object({
  first_name: nameSchema('first name'),
  last_name: nameSchema('last name'),
  email: emailSchema,
  credentials: z.object({ username: usernameSchema, secret: nonEmpty('password') }),
  tags: z.optional(z.array(text)),
  metadata: z.optional(record),
  private_metadata: z.optional(record),
  profile_picture: z.optional(text),
  role: z.optional(oneOf(['user', 'admin'])),
  status: z.optional(oneOf(['enabled', 'disabled'])),
});

/** The body of {@link UsersClient.login}: `username` takes a username or an email address. */
export const loginSchema = z.object({
  username: nonEmpty('username or email'),
  password: nonEmpty('password'),
  description: z.optional(text),
});

/**
 * The body of {@link UsersClient.update}. The server checks nothing here beyond the path id: an empty name is
 * ignored, an empty body changes nothing. Rule: api-contract.md §2 "Other requests", update (#12) row (upstream
 * `users/postgres/users.go:198-205`).
 */
export const updateUserSchema = z.object({
  first_name: z.optional(text),
  last_name: z.optional(text),
  metadata: z.optional(record),
  private_metadata: z.optional(record),
});

/** What {@link UsersClient.resetPassword} takes: the token from the reset mail and the new password twice. */
export const resetPasswordSchema = z
  .object({
    token: bearer('reset token'),
    password: nonEmpty('password'),
    confirmPassword: nonEmpty('password confirmation'),
  })
  .check(
    z.refine((input) => input.password === input.confirmPassword, {
      message: 'password and confirmation differ',
      path: ['confirmPassword'],
    }),
  );

/** A path id: a non-empty string other than a dot segment (the server does not insist on UUIDs). */
export const idSchema = nonEmpty('id').check(
  z.refine((id) => !/^\.\.?$/.test(id), 'must not be a dot segment (. or ..)'),
);
/** A non-empty password. */
export const passwordSchema = nonEmpty('password');
/** A tag list (an empty list clears the tags). */
export const tagsSchema = z.array(text);
/** The role of {@link UsersClient.updateRole}. */
export const roleSchema = oneOf(['user', 'admin']);
/** A non-empty token (verification link token). */
export const tokenSchema = nonEmpty('token');
/**
 * A profile picture URL: every string passes. The server's one check is Go's `url.Parse`, which almost anything passes (an
 * empty value leaves the picture as it is); it answers the rest. Rule: api-contract.md §2 "Create" 9 and the
 * picture row.
 */
export const pictureSchema = text;

// Rule: api-contract.md §1.4 (upstream `users/api/requests.go:115-131`, max in `requests.go:16`): list limits 1–100.
const limit = whole(1, 'must be at least 1', 100, 'must be at most 100');
// Rule: api-contract.md §1.4–1.5: offset and limit are read as unsigned integers (`ReadNumQuery[uint64]`).
const offset = whole(0, 'must not be negative');
const unsigned = offset;
const order = oneOf(['created_at', 'updated_at', 'first_name', 'last_name', 'username', 'email']);
const dir = oneOf(['asc', 'desc']);
// zod's RFC 3339 rule (`z.iso.datetime({ offset: true })`): a date that exists, seconds required, any fraction, Z or
// ±hh:mm. zod spells the days of each month and the leap years out in its pattern; the calendar knows them.
const rfc3339 =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
// Day 0 of the next month is the month's last day; leap years repeat every 400 years, and Date.UTC reads years
// below 100 as 19xx, so the year is taken into 2000–2399.
const isRfc3339 = (value: string) => {
  const date = rfc3339.exec(value);
  return (
    !!date &&
    Number(date[3]) <= new Date(Date.UTC(2000 + (Number(date[1]) % 400), Number(date[2]), 0)).getUTCDate()
  );
};
/**
 * `z.union([z.date(), z.iso.datetime({ offset: true })])`: a valid `Date`, or a string in RFC 3339; a string that
 * is not says so, anything else is `Invalid input`.
 */
const timestamp = z.custom<Date | string>(
  (value) =>
    value instanceof Date ? !Number.isNaN(value.getTime()) : typeof value === 'string' && isRfc3339(value),
  { error: ({ input }) => (typeof input === 'string' ? 'must be an RFC 3339 timestamp' : undefined) },
);

/** Query parameters of {@link UsersClient.list}, by their wire names. */
export const listUsersSchema = z.object({
  limit: z.optional(limit),
  offset: z.optional(offset),
  order: z.optional(order),
  dir: z.optional(dir),
  status: z.optional(oneOf(['enabled', 'disabled', 'deleted', 'all'])),
  metadata: z.optional(record),
  username: z.optional(text),
  email: z.optional(text),
  first_name: z.optional(text),
  last_name: z.optional(text),
  id: z.optional(text),
  tags: z.optional(tagFilter),
  only_total: z.optional(booleanSchema),
  created_from: z.optional(timestamp),
  created_to: z.optional(timestamp),
});

/**
 * Query parameters of {@link UsersClient.search}: at least one of username, first_name, last_name, id; a username or
 * id of at least 3 UTF-8 bytes. `limit` is any unsigned integer and `order`/`dir` any string: search checks neither
 * (unknown values fall back to the defaults). Rule: api-contract.md §1.5 (upstream `users/api/users.go:363-416`,
 * `requests.go:144-150`; the length check is Go's `len(field) < 3`).
 */
export const searchUsersSchema = z
  .object({
    username: z.optional(text),
    first_name: z.optional(text),
    last_name: z.optional(text),
    id: z.optional(text),
    limit: z.optional(unsigned),
    offset: z.optional(offset),
    order: z.optional(
      openString<'created_at' | 'updated_at' | 'first_name' | 'last_name' | 'username' | 'email'>(),
    ),
    dir: z.optional(openString<'asc' | 'desc'>()),
  })
  .check(
    z.refine(
      (query) => [query.username, query.first_name, query.last_name, query.id].some(Boolean),
      'give at least one of username, first_name, last_name, id',
    ),
    ...(['username', 'id'] as const).map((key) =>
      z.refine<{ username?: string | undefined; id?: string | undefined }>(
        (query) => !query[key] || utf8Length(query[key]) >= 3,
        { message: 'must be at least 3 bytes (UTF-8)', path: [key] },
      ),
    ),
  );
