/**
 * The wire schemas as they were written with zod's own features (`z.record`, `z.enum`, `z.int`, `z.iso.datetime`,
 * `z.union`, `z.minLength`, `z.regex`, `z._default`, `z.pipe`): the reference that `src/schemas.ts`, which spells
 * those features out to keep the browser bundle small, must match exactly (test/schemas-match-zod.test.ts).
 * Change both together.
 */
import * as z from 'zod/mini';

/** An open string union: the known values autocomplete, and newer servers' values still type-check. */
type Open<T extends string> = T | (string & {});

const text = z.string();
const nonEmpty = (what: string) => z.string().check(z.minLength(1, `${what} must not be empty`));
// The server measures strings with Go's len(): UTF-8 bytes, not characters ("é" is 2).
const utf8Length = (value: string) => new TextEncoder().encode(value).length;
const atMostBytes = (limit: number, message: string) =>
  z.refine<string>((value) => utf8Length(value) <= limit, message);
const record = z.record(z.string(), z.unknown());

const openString = <T extends string>() => z.custom<Open<T>>((value) => typeof value === 'string');

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
export const usersPageSchema = passThrough({
  total: z.number(),
  offset: z._default(z.number(), 0),
  limit: z._default(z.number(), 0),
  users: z._default(z.array(userSchema), () => []),
});

// A token that travels as `Authorization: Bearer <token>`: visible ASCII only. A CR, LF or NUL would make every
// request fail with the runtime's header error (which quotes the whole header), and a space or a non-ASCII
// character is no bearer any server issues.
const bearer = (what: string) =>
  nonEmpty(what).check(
    z.regex(/^[\x21-\x7e]*$/, 'must hold only visible ASCII characters (no spaces, line breaks or controls)'),
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
export const refreshTokensSchema = z.pipe(
  z.nullable(passThrough({ refresh_tokens: z.optional(z.nullable(z.array(refreshTokenInfoSchema))) })),
  z.transform((reply) => reply?.refresh_tokens ?? []),
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
  z.minLength(1, 'must not be empty'),
  z.maxLength(32, 'must be at most 32 characters'),
  z.regex(
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
  z.regex(/.@./su, 'must be an email address (text@text, or a name and <text@text>)'),
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
  role: z.optional(z.enum(['user', 'admin'])),
  status: z.optional(z.enum(['enabled', 'disabled'])),
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
export const roleSchema = z.enum(['user', 'admin']);
/** A non-empty token (verification link token). */
export const tokenSchema = nonEmpty('token');
/**
 * A profile picture URL: any string. The server's one check is Go's `url.Parse`, which almost anything passes (an
 * empty value leaves the picture as it is); it answers the rest. Rule: api-contract.md §2 "Create" 9 and the
 * picture row.
 */
export const pictureSchema = text;

// Rule: api-contract.md §1.4 (upstream `users/api/requests.go:115-131`, max in `requests.go:16`): list limits 1–100.
const limit = z.int().check(z.minimum(1, 'must be at least 1'), z.maximum(100, 'must be at most 100'));
// Rule: api-contract.md §1.4–1.5: offset and limit are read as unsigned integers (`ReadNumQuery[uint64]`).
const offset = z.int().check(z.minimum(0, 'must not be negative'));
const unsigned = z.int().check(z.minimum(0, 'must not be negative'));
const order = z.enum(['created_at', 'updated_at', 'first_name', 'last_name', 'username', 'email']);
const dir = z.enum(['asc', 'desc']);
const timestamp = z.union([
  z.date(),
  z.iso.datetime({ offset: true, message: 'must be an RFC 3339 timestamp' }),
]);

/** Query parameters of {@link UsersClient.list}, by their wire names. */
export const listUsersSchema = z.object({
  limit: z.optional(limit),
  offset: z.optional(offset),
  order: z.optional(order),
  dir: z.optional(dir),
  status: z.optional(z.enum(['enabled', 'disabled', 'deleted', 'all'])),
  metadata: z.optional(record),
  username: z.optional(text),
  email: z.optional(text),
  first_name: z.optional(text),
  last_name: z.optional(text),
  id: z.optional(text),
  tags: z.optional(z.union([z.array(text), z.object({ all: z.array(text) })])),
  only_total: z.optional(z.boolean()),
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
    z.refine((query) => !query.username || utf8Length(query.username) >= 3, {
      message: 'must be at least 3 bytes (UTF-8)',
      path: ['username'],
    }),
    z.refine((query) => !query.id || utf8Length(query.id) >= 3, {
      message: 'must be at least 3 bytes (UTF-8)',
      path: ['id'],
    }),
  );
