/**
 * One way to talk to Redis whichever client the application has: raw commands with a deadline and errors
 * that quote no argument, and a subscriber connection of its own.
 *
 * @module
 */
import type { IoRedisClient, NodeRedisClient, RedisClient } from './redis-client.ts';
import { RedisUnavailableError } from './redis-unavailable-error.ts';

/** What a listening connection reports. */
export interface ChannelListener {
  /** A message published on the channel. */
  message(text: string): void;
  /** The connection came back after losing Redis: messages published meanwhile were missed. */
  reconnected(): void;
}

/**
 * The store's view of a Redis client.
 *
 * @internal
 */
export interface RedisConnection {
  /**
   * Sends one command; rejects with {@link RedisUnavailableError} when the client fails or Redis does not
   * answer within the deadline. `what` names the operation in that error.
   */
  command(what: string, args: readonly string[]): Promise<unknown>;
  /**
   * Listens on `channel` through a connection of its own made with the client's `duplicate()`; the returned
   * function closes that connection.
   */
  listen(channel: string, listener: ChannelListener): () => void;
}

/**
 * Wraps either client in a {@link RedisConnection}.
 *
 * @internal
 * @param client - A node-redis or ioredis client.
 * @param timeoutMs - How long a command may take before it counts as failed.
 * @returns The connection.
 * @throws TypeError when `client` is neither.
 *
 * @example
 * ```ts
 * const redis = redisConnection(client, 2_000);
 * await redis.command('read the session', ['HGET', 'app:session', 'value']);
 * ```
 */
export function redisConnection(client: RedisClient, timeoutMs: number): RedisConnection {
  const send = isIoRedis(client)
    ? (args: readonly string[]) => client.call(args[0] ?? '', ...args.slice(1))
    : nodeRedisSend(client);
  const listen = isIoRedis(client) ? ioredisListen(client) : nodeRedisListen(client);
  return {
    command: (what, args) => withDeadline(what, args, sendSafely(send, args), timeoutMs),
    listen,
  };
}

/** A client that throws instead of rejecting (a closed node-redis client may) still goes through the deadline. */
function sendSafely(
  send: (args: readonly string[]) => Promise<unknown>,
  args: readonly string[],
): Promise<unknown> {
  try {
    return send(args);
  } catch (error) {
    return Promise.reject(error);
  }
}

function isIoRedis(client: RedisClient): client is IoRedisClient {
  // ioredis clients also have a `sendCommand`, taking a Command object, so look for theirs first.
  return (
    typeof Reflect.get(client, 'call') === 'function' && typeof Reflect.get(client, 'status') === 'string'
  );
}

function nodeRedisSend(client: RedisClient): (args: readonly string[]) => Promise<unknown> {
  if (typeof Reflect.get(client, 'sendCommand') !== 'function' || typeof client.duplicate !== 'function') {
    throw new TypeError('redisTokenStore: `client` must be a node-redis (`redis`) or an `ioredis` client');
  }
  const nodeRedis = client as NodeRedisClient;
  return (args) => nodeRedis.sendCommand([...args]);
}

async function withDeadline(
  what: string,
  args: readonly string[],
  reply: Promise<unknown>,
  timeoutMs: number,
): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RedisUnavailableError(`Redis did not answer within ${timeoutMs} ms (${what})`)),
      timeoutMs,
    );
  });
  // A reply that lands after the deadline must not surface as an unhandled rejection.
  reply.catch(() => undefined);
  try {
    return await Promise.race([reply, deadline]);
  } catch (error) {
    if (error instanceof RedisUnavailableError) throw error;
    throw new RedisUnavailableError(`Redis failed (${what}): ${scrub(describe(error), args)}`, {
      cause: scrubbedCopy(error, args),
    });
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : 'unknown error';
}

/** The client's error without the command it may carry (ioredis attaches `command.args`). */
function scrubbedCopy(error: unknown, args: readonly string[]): Error {
  const copy = new Error(error instanceof Error ? scrub(error.message, args) : scrub(describe(error), args));
  if (error instanceof Error) copy.name = error.name;
  const code = error instanceof Error ? Reflect.get(error, 'code') : undefined;
  if (typeof code === 'string') Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  // The copy's stack would show where it was made, not where the client failed; the message says enough.
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/** Removes every argument longer than a command name or a number, so no stored value is ever quoted. */
function scrub(text: string, args: readonly string[]): string {
  let out = text;
  for (const arg of args.slice(1)) {
    if (arg.length > 6) out = out.split(arg).join('…');
  }
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

/**
 * A subscriber connection as `listen` drives it, whichever client made it: connection events, a start that
 * connects (where the client needs it) and subscribes, and a close.
 */
interface Subscriber {
  on(event: 'error' | 'ready', listener: () => void): unknown;
  /** Subscribes to `channel`, handing each message to `message` until `isClosed()`; rejects if it cannot. */
  start(channel: string, message: (text: string) => void, isClosed: () => boolean): Promise<unknown>;
  close(): void;
}

/** The one way a store listens: a duplicate connection, silenced errors, a reconnect report, a close that holds. */
function listenWith(open: () => Subscriber): RedisConnection['listen'] {
  return (channel, listener) => {
    const subscriber = open();
    let closed = false;
    let readyOnce = false;
    // Without a listener an 'error' event would crash the process; the client reconnects on its own.
    subscriber.on('error', () => undefined);
    subscriber.on('ready', () => {
      if (readyOnce && !closed) listener.reconnected();
      readyOnce = true;
    });
    // Redis is down: the client keeps reconnecting and resubscribes; nothing to report here.
    subscriber
      .start(
        channel,
        (message) => listener.message(message),
        () => closed,
      )
      .catch(() => undefined);
    return () => {
      if (closed) return;
      closed = true;
      subscriber.close();
    };
  };
}

function nodeRedisListen(client: RedisClient): RedisConnection['listen'] {
  const nodeRedis = client as NodeRedisClient;
  return listenWith(() => {
    const subscriber = nodeRedis.duplicate();
    const close = () => {
      try {
        if (subscriber.destroy) subscriber.destroy();
        else subscriber.disconnect?.();
      } catch {
        // Closing a client that never connected can throw; it holds nothing either way.
      }
    };
    return {
      on: (event, listener) => subscriber.on(event, listener),
      start: async (channel, message, isClosed) => {
        await subscriber.connect();
        if (isClosed()) return close();
        await subscriber.subscribe(channel, message);
      },
      close,
    };
  });
}

function ioredisListen(client: IoRedisClient): RedisConnection['listen'] {
  return listenWith(() => {
    const subscriber = client.duplicate();
    return {
      on: (event, listener) => subscriber.on(event, listener),
      start: (channel, message, isClosed) => {
        subscriber.on('message', (from, text) => {
          if (from === channel && !isClosed()) message(text);
        });
        return subscriber.subscribe(channel);
      },
      close: () => subscriber.disconnect(),
    };
  });
}
