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
  /**
   * Sends one raw command.
   *
   * @example
   * ```ts
   * await client.sendCommand(['PING']);
   * ```
   */
  sendCommand(args: string[]): Promise<unknown>;
  /**
   * A new client with the same options, not yet connected: the store's subscriber connection.
   *
   * @example
   * ```ts
   * const subscriber = client.duplicate();
   * ```
   */
  duplicate(): NodeRedisSubscriber;
}

/**
 * The node-redis connection a store opens with `duplicate()` to listen for changes.
 *
 * @example
 * ```ts
 * const subscriber: NodeRedisSubscriber = client.duplicate();
 * ```
 */
export interface NodeRedisSubscriber {
  /**
   * Opens the connection.
   *
   * @example
   * ```ts
   * await subscriber.connect();
   * ```
   */
  connect(): Promise<unknown>;
  /**
   * Listens on `channel`; node-redis subscribes again by itself after reconnecting.
   *
   * @example
   * ```ts
   * await subscriber.subscribe('app:session:changes', (message) => console.log(message));
   * ```
   */
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  /**
   * Connection events: the store silences `error` (the client reconnects) and re-reads on a later `ready`.
   *
   * @example
   * ```ts
   * subscriber.on('ready', () => console.log('connected'));
   * ```
   */
  on(event: 'error' | 'ready', listener: () => void): unknown;
  /**
   * Closes the connection at once (node-redis 5 and later).
   *
   * @example
   * ```ts
   * subscriber.destroy?.();
   * ```
   */
  destroy?(): unknown;
  /**
   * Closes the connection (node-redis 4).
   *
   * @example
   * ```ts
   * subscriber.disconnect?.();
   * ```
   */
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
  /**
   * Sends one raw command.
   *
   * @example
   * ```ts
   * await client.call('PING');
   * ```
   */
  call(command: string, ...args: string[]): Promise<unknown>;
  /**
   * A new client with the same options, connecting on its own: the store's subscriber connection.
   *
   * @example
   * ```ts
   * const subscriber = client.duplicate();
   * ```
   */
  duplicate(): IoRedisSubscriber;
  /** The connection's state, which tells an ioredis client from a node-redis one. */
  readonly status: string;
}

/**
 * The ioredis connection a store opens with `duplicate()` to listen for changes.
 *
 * @example
 * ```ts
 * const subscriber: IoRedisSubscriber = client.duplicate();
 * ```
 */
export interface IoRedisSubscriber {
  /**
   * Listens on `channel`; ioredis subscribes again by itself after reconnecting.
   *
   * @example
   * ```ts
   * await subscriber.subscribe('app:session:changes');
   * ```
   */
  subscribe(channel: string): Promise<unknown>;
  /**
   * Messages published on the channels it listens on.
   *
   * @example
   * ```ts
   * subscriber.on('message', (channel, message) => console.log(channel, message));
   * ```
   */
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  /**
   * Connection events: the store silences `error` (the client reconnects) and re-reads on a later `ready`.
   *
   * @example
   * ```ts
   * subscriber.on('ready', () => console.log('connected'));
   * ```
   */
  on(event: 'error' | 'ready', listener: () => void): unknown;
  /**
   * Closes the connection.
   *
   * @example
   * ```ts
   * subscriber.disconnect();
   * ```
   */
  disconnect(): unknown;
}

/**
 * Either client.
 *
 * @example
 * ```ts
 * const client: RedisClient = new Redis(process.env.REDIS_URL);
 * ```
 */
export type RedisClient = NodeRedisClient | IoRedisClient;
