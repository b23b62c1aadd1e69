/**
 * `magistrala-users/testing`: a fake users service with the real server's semantics, for tests and demos.
 *
 * Nothing here imports msw: the msw handlers live in `magistrala-users/testing/msw`, so this entry loads in any
 * runtime, with or without msw installed.
 *
 * @example
 * ```ts
 * import { createFakeUsersService } from 'magistrala-users/testing';
 *
 * const service = createFakeUsersService();
 * const reply = await service.fetch('/health');
 * ```
 *
 * @module magistrala-users/testing
 */

export {
  createFakeAtomService,
  type FakeAtomService,
  type FakeAtomServiceOptions,
  type JsonWebKeys,
  seededAtomAdmin,
} from './atom/fake-atom-service.ts';
export type { CorsPolicy } from './cors.ts';
export type { FakeService } from './fake-service.ts';
export {
  createFakeUsersService,
  type FakeUsersService,
  type FakeUsersServiceOptions,
  seededAdmin,
} from './fake-users-service.ts';
export type { Fault, FaultMatcher } from './faults.ts';
export type { JsonObject, JsonValue } from './json-value.ts';
export type { ListenOptions, LoopbackServer } from './loopback-server.ts';
export type { OutboxMail } from './outbox-mail.ts';
export type { RecordedRequest } from './recorded-request.ts';
export type { RefreshMode } from './refresh-sessions.ts';
export type { RequestHandler } from './request-handler.ts';
export type { FetchFunction } from './service-fetch.ts';
export {
  type JsonWebKeySet,
  type SigningAlgorithm,
  TokenRole,
  type TokenRoleValue,
  TokenType,
  type TokenTypeValue,
  tokenIssuer,
  type VerifiedClaims,
} from './token-issuer.ts';
