/**
 * Compile-time checks, run by `npm run typecheck` (tsc covers `test/`): each public data type and the schema that
 * checks it at run time agree exactly, in both directions, and the public types reject typos.
 */
import { expectTypeOf } from 'vitest';
import type * as z from 'zod/mini';
import type {
  CreateUserInput,
  Health,
  ListUsersParams,
  LoginInput,
  RefreshTokenInfo,
  ResetPasswordInput,
  SearchUsersParams,
  TokenPair,
  UpdateUserInput,
  User,
  UsersPage,
} from '../../src/index.ts';
import type {
  createUserSchema,
  healthSchema,
  listUsersSchema,
  loginSchema,
  refreshTokenInfoSchema,
  refreshTokensSchema,
  resetPasswordSchema,
  searchUsersSchema,
  tokenPairSchema,
  updateUserSchema,
  userSchema,
  usersPageSchema,
} from '../../src/schemas.ts';

// Replies: what a schema's parse returns is exactly the public type.
expectTypeOf<z.output<typeof userSchema>>().toEqualTypeOf<User>();
expectTypeOf<z.output<typeof usersPageSchema>>().toEqualTypeOf<UsersPage>();
expectTypeOf<z.output<typeof tokenPairSchema>>().toEqualTypeOf<TokenPair>();
expectTypeOf<z.output<typeof refreshTokenInfoSchema>>().toEqualTypeOf<RefreshTokenInfo>();
expectTypeOf<z.output<typeof refreshTokensSchema>>().toEqualTypeOf<RefreshTokenInfo[]>();
expectTypeOf<z.output<typeof healthSchema>>().toEqualTypeOf<Health>();

// Inputs: what a schema accepts is exactly what the method's parameter type allows.
expectTypeOf<z.input<typeof createUserSchema>>().toEqualTypeOf<CreateUserInput>();
expectTypeOf<z.input<typeof loginSchema>>().toEqualTypeOf<LoginInput>();
expectTypeOf<z.input<typeof updateUserSchema>>().toEqualTypeOf<UpdateUserInput>();
expectTypeOf<z.input<typeof resetPasswordSchema>>().toEqualTypeOf<ResetPasswordInput>();
expectTypeOf<z.input<typeof listUsersSchema>>().toEqualTypeOf<ListUsersParams>();
expectTypeOf<z.input<typeof searchUsersSchema>>().toEqualTypeOf<SearchUsersParams>();
