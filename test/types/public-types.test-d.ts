/**
 * Compile-time checks, run by `npm run typecheck` (tsc covers `test/`): the public data types have no index
 * signature, so typos fail to compile, and every documented field is there with its documented type.
 */
import { expectTypeOf } from 'vitest';
import type {
  CreateUserInput,
  Health,
  ListUsersParams,
  LoginInput,
  NewUserCredentials,
  RefreshTokenInfo,
  ResetPasswordInput,
  SearchUsersParams,
  TokenPair,
  UpdateUserInput,
  User,
  UserCredentials,
  UserOrder,
  UserRole,
  UserStatus,
  UsersPage,
} from '../../src/index.ts';

declare const u: User;

// Typos in field names do not compile.
// @ts-expect-error: no such field
u.frist_name;
// @ts-expect-error: no such field
u.credentials?.usernme;
// @ts-expect-error: 'anything' is not a key of User
const anything: keyof User = 'anything';
// @ts-expect-error: no such field on a page
(0 as unknown as UsersPage).totl;
// @ts-expect-error: no such field on a pair
(0 as unknown as TokenPair).acess_token;
// @ts-expect-error: no such field on a health report
(0 as unknown as Health).stauts;
// @ts-expect-error: no such field on a refresh session
(0 as unknown as RefreshTokenInfo).descripton;
const typoInInput: CreateUserInput = {
  first_name: 'a',
  last_name: 'b',
  email: 'c@d',
  credentials: { username: 'e', secret: 'f' },
  // @ts-expect-error: an unknown field in a new user is an excess property
  tagz: [],
};
// @ts-expect-error: an unknown query parameter
const typoInQuery: ListUsersParams = { limt: 5 };
void [anything, typoInInput, typoInQuery];

// No public type has an index signature: its string keys are exactly the documented fields.
type NoIndex<T> = string extends keyof T ? false : true;
expectTypeOf<NoIndex<User>>().toEqualTypeOf<true>();
expectTypeOf<NoIndex<UserCredentials>>().toEqualTypeOf<true>();
expectTypeOf<NoIndex<UsersPage>>().toEqualTypeOf<true>();
expectTypeOf<NoIndex<TokenPair>>().toEqualTypeOf<true>();
expectTypeOf<NoIndex<RefreshTokenInfo>>().toEqualTypeOf<true>();
expectTypeOf<NoIndex<Health>>().toEqualTypeOf<true>();
expectTypeOf<NoIndex<CreateUserInput>>().toEqualTypeOf<true>();
expectTypeOf<NoIndex<NewUserCredentials>>().toEqualTypeOf<true>();
expectTypeOf<NoIndex<LoginInput>>().toEqualTypeOf<true>();
expectTypeOf<NoIndex<UpdateUserInput>>().toEqualTypeOf<true>();
expectTypeOf<NoIndex<ResetPasswordInput>>().toEqualTypeOf<true>();
expectTypeOf<NoIndex<ListUsersParams>>().toEqualTypeOf<true>();
expectTypeOf<NoIndex<SearchUsersParams>>().toEqualTypeOf<true>();

// Every documented field, by name; a field added or removed without the docs fails here.
expectTypeOf<keyof User>().toEqualTypeOf<
  | 'id'
  | 'first_name'
  | 'last_name'
  | 'email'
  | 'credentials'
  | 'tags'
  | 'metadata'
  | 'private_metadata'
  | 'profile_picture'
  | 'status'
  | 'role'
  | 'permissions'
  | 'created_at'
  | 'updated_at'
  | 'updated_by'
  | 'verified_at'
  | 'auth_provider'
>();
expectTypeOf<keyof UserCredentials>().toEqualTypeOf<'username'>();
expectTypeOf<keyof UsersPage>().toEqualTypeOf<'total' | 'offset' | 'limit' | 'users'>();
expectTypeOf<keyof TokenPair>().toEqualTypeOf<'access_token' | 'refresh_token'>();
expectTypeOf<keyof RefreshTokenInfo>().toEqualTypeOf<'id' | 'description'>();
expectTypeOf<keyof Health>().toEqualTypeOf<
  'status' | 'version' | 'commit' | 'description' | 'build_time' | 'instance_id'
>();
expectTypeOf<keyof CreateUserInput>().toEqualTypeOf<
  | 'first_name'
  | 'last_name'
  | 'email'
  | 'credentials'
  | 'tags'
  | 'metadata'
  | 'private_metadata'
  | 'profile_picture'
  | 'role'
  | 'status'
>();
expectTypeOf<keyof NewUserCredentials>().toEqualTypeOf<'username' | 'secret'>();
expectTypeOf<keyof LoginInput>().toEqualTypeOf<'username' | 'password' | 'description'>();
expectTypeOf<keyof UpdateUserInput>().toEqualTypeOf<
  'first_name' | 'last_name' | 'metadata' | 'private_metadata'
>();
expectTypeOf<keyof ResetPasswordInput>().toEqualTypeOf<'token' | 'password' | 'confirmPassword'>();
expectTypeOf<keyof ListUsersParams>().toEqualTypeOf<
  | 'limit'
  | 'offset'
  | 'order'
  | 'dir'
  | 'status'
  | 'metadata'
  | 'username'
  | 'email'
  | 'first_name'
  | 'last_name'
  | 'id'
  | 'tags'
  | 'only_total'
  | 'created_from'
  | 'created_to'
>();
expectTypeOf<keyof SearchUsersParams>().toEqualTypeOf<
  'username' | 'first_name' | 'last_name' | 'id' | 'limit' | 'offset' | 'order' | 'dir'
>();

// The documented field types.
expectTypeOf(u.id).toEqualTypeOf<string>();
expectTypeOf(u.credentials?.username).toEqualTypeOf<string | undefined>();
expectTypeOf(u.tags).toEqualTypeOf<string[] | null | undefined>();
expectTypeOf(u.metadata).toEqualTypeOf<Record<string, unknown> | null | undefined>();
// Status and role autocomplete the known values and still accept a newer server's.
expectTypeOf<'enabled'>().toExtend<NonNullable<User['status']>>();
expectTypeOf<'suspended'>().toExtend<NonNullable<User['status']>>();
expectTypeOf<UserStatus>().toEqualTypeOf<'enabled' | 'disabled' | 'deleted'>();
expectTypeOf<UserRole>().toEqualTypeOf<'user' | 'admin'>();
expectTypeOf<UsersPage['users']>().toEqualTypeOf<User[]>();
expectTypeOf<UserOrder>().toEqualTypeOf<
  'created_at' | 'updated_at' | 'first_name' | 'last_name' | 'username' | 'email'
>();
expectTypeOf<ListUsersParams['tags']>().toEqualTypeOf<string[] | { all: string[] } | undefined>();
expectTypeOf<ListUsersParams['created_from']>().toEqualTypeOf<Date | string | undefined>();

// A newer server's field is reached by widening on purpose, as the docs say.
const withNickname = u as User & { nickname?: unknown };
expectTypeOf(withNickname.nickname).toEqualTypeOf<unknown>();
