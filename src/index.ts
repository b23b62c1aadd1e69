/**
 * `magistrala-users`: a typed, isomorphic client for the Magistrala / SuperMQ users service, with automatic
 * refresh-token rotation.
 *
 * @example
 * ```ts
 * import { UsersClient } from 'magistrala-users';
 *
 * const users = new UsersClient({ baseUrl: 'http://localhost:9002' });
 * await users.login({ username: 'admin', password: '12345678' });
 * console.log(await users.profile());
 * ```
 *
 * @module magistrala-users
 */
export type { BackendName } from './backends/operations.ts';
export { UsersClient, type UsersClientOptions } from './client.ts';
export type {
  Health,
  RefreshTokenInfo,
  TokenPair,
  User,
  UserCredentials,
  UserRole,
  UserStatus,
  UsersPage,
} from './entities.ts';
export {
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  errorFromResponse,
  InputValidationError,
  InternalServerError,
  type Issue,
  LockTimeoutError,
  MagistralaError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseTooLargeError,
  ResponseValidationError,
  SessionExpiredError,
  StorageUnavailableError,
  TimeoutError,
  UnexpectedRedirectError,
  UnprocessableEntityError,
  UnsupportedOperationError,
} from './errors.ts';
export type { HttpOptions } from './http.ts';
export type {
  CreateUserInput,
  ListUsersParams,
  LoginInput,
  NewUserCredentials,
  ResetPasswordInput,
  SearchUsersParams,
  UpdateUserInput,
  UserOrder,
} from './inputs.ts';
export type { LogEvent, Logger, LogLevel } from './logger.ts';
export type { SessionEvent, SessionEventType } from './session.ts';
export {
  defaultStorageKey,
  memoryTokenStore,
  type WebLocks,
  type WebStorageTokenStoreOptions,
  webStorageTokenStore,
} from './token-store.ts';
export type {
  FetchFunction,
  MaybePromise,
  RequestOptions,
  ResponseValidation,
  RetryPolicy,
  ServerIdentity,
  StoredSession,
  TokenStore,
} from './types.ts';
