/**
 * The shapes of the two Redis clients a Redis token store accepts, as far as the store uses them.
 *
 * @module
 */

/**
 * A node-redis client (the `redis` package, v4 and later, RESP2 or RESP3), already connected by the
 * application: what the store uses of it.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client: NodeRedisClient = await createClient({ url: process.env.REDIS_URL }).connect();
 * ```
 */
export interface NodeRedisClient {
  /** Sends one raw command. */
  sendCommand(args: string[]): Promise<unknown>;
  /** A new client with the same options, not yet connected: the store's subscriber connection. */
  duplicate(): NodeRedisSubscriber;
}

/** The node-redis connection a store opens with `duplicate()` to listen for changes. */
export interface NodeRedisSubscriber {
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  on(event: 'error' | 'ready', listener: () => void): unknown;
  destroy?(): unknown;
  disconnect?(): unknown;
}

/**
 * An `ioredis` client (v5 and later) owned by the application: what the store uses of it.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const client: IoRedisClient = new Redis(process.env.REDIS_URL);
 * ```
 */
export interface IoRedisClient {
  /** Sends one raw command. */
  call(command: string, ...args: string[]): Promise<unknown>;
  /** A new client with the same options, connecting on its own: the store's subscriber connection. */
  duplicate(): IoRedisSubscriber;
  /** The connection's state, which tells an ioredis client from a node-redis one. */
  readonly status: string;
}

/** The ioredis connection a store opens with `duplicate()` to listen for changes. */
export interface IoRedisSubscriber {
  subscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'error' | 'ready', listener: () => void): unknown;
  disconnect(): unknown;
}

/** Either client. */
export type RedisClient = NodeRedisClient | IoRedisClient;
