/**
 * `magistrala-users/testing`: a fake users service with the real server's semantics, for tests and demos.
 *
 * @example
 * ```ts
 * import { createFakeUsersService } from 'magistrala-users/testing';
 *
 * const service = createFakeUsersService();
 * const reply = await service.fetch('/health');
 * ```
 *
 * @module
 */

export {
  createFakeAtomService,
  type FakeAtomService,
  type FakeAtomServiceOptions,
  seededAtomAdmin,
} from './atom/fake-atom-service.ts';
export {
  createFakeUsersService,
  type FakeUsersService,
  type FakeUsersServiceOptions,
  seededAdmin,
} from './fake-users-service.ts';
export type { Fault, FaultMatcher } from './faults.ts';
export type { JsonObject, JsonValue } from './json-value.ts';
export type { LoopbackServer } from './loopback-server.ts';
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
