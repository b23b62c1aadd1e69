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
/** Every public data type, by name, so a failure names the type. */
interface PublicTypes {
  User: User;
  UserCredentials: UserCredentials;
  UsersPage: UsersPage;
  TokenPair: TokenPair;
  RefreshTokenInfo: RefreshTokenInfo;
  Health: Health;
  CreateUserInput: CreateUserInput;
  NewUserCredentials: NewUserCredentials;
  LoginInput: LoginInput;
  UpdateUserInput: UpdateUserInput;
  ResetPasswordInput: ResetPasswordInput;
  ListUsersParams: ListUsersParams;
  SearchUsersParams: SearchUsersParams;
}
expectTypeOf<{ [Name in keyof PublicTypes]: NoIndex<PublicTypes[Name]> }>().toEqualTypeOf<{
  [Name in keyof PublicTypes]: true;
}>();

// Every documented field, by name; a field added or removed without the docs fails here.
/** What a new user is given, and the user the server returns has too. */
type NewUserFields =
  | 'first_name'
  | 'last_name'
  | 'email'
  | 'credentials'
  | 'tags'
  | 'metadata'
  | 'private_metadata'
  | 'profile_picture'
  | 'role'
  | 'status';
/** What a search filters and pages by, and a listing does too. */
type SearchFields = 'username' | 'first_name' | 'last_name' | 'id' | 'limit' | 'offset' | 'order' | 'dir';
expectTypeOf<keyof User>().toEqualTypeOf<
  | NewUserFields
  | 'id'
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
expectTypeOf<keyof CreateUserInput>().toEqualTypeOf<NewUserFields>();
expectTypeOf<keyof NewUserCredentials>().toEqualTypeOf<'username' | 'secret'>();
expectTypeOf<keyof LoginInput>().toEqualTypeOf<'username' | 'password' | 'description'>();
expectTypeOf<keyof UpdateUserInput>().toEqualTypeOf<
  'first_name' | 'last_name' | 'metadata' | 'private_metadata'
>();
expectTypeOf<keyof ResetPasswordInput>().toEqualTypeOf<'token' | 'password' | 'confirmPassword'>();
expectTypeOf<keyof ListUsersParams>().toEqualTypeOf<
  SearchFields | 'status' | 'metadata' | 'email' | 'tags' | 'only_total' | 'created_from' | 'created_to'
>();
expectTypeOf<keyof SearchUsersParams>().toEqualTypeOf<SearchFields>();

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
