/**
 * `magistrala-users/redis`: one session shared by a fleet of processes and machines, kept in Redis or
 * Valkey through a node-redis or ioredis client the application owns. Neither client is a dependency of
 * this package: both are optional peers, and no other entry point imports this one.
 *
 * @module
 */
export type {
  IoRedisClient,
  IoRedisSubscriber,
  NodeRedisClient,
  NodeRedisSubscriber,
  RedisClient,
} from './redis-client.ts';
export { RedisLockUnavailableError } from './redis-lock-unavailable-error.ts';
export { defaultRedisKey, type RedisTokenStoreOptions, redisTokenStore } from './redis-token-store.ts';
export { RedisUnavailableError } from './redis-unavailable-error.ts';
export { StaleWriteError, type StaleWriteReason } from './stale-write-error.ts';
