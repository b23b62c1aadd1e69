/**
 * Real node-redis and ioredis clients for the Redis store tests, reconnecting quickly after a restart.
 */
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { RedisClient } from '../../src/redis/index.ts';

export type ClientKind = 'redis' | 'ioredis';
export const clientKinds: readonly ClientKind[] = ['redis', 'ioredis'];

export interface OpenClient {
  readonly client: RedisClient;
  /** One raw command, for the test's own checks. */
  raw(...args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

/** Opens a client of `kind` on `url` that retries every 100 ms while Redis is away. */
export async function openClient(kind: ClientKind, url: string): Promise<OpenClient> {
  if (kind === 'redis') {
    const client = createClient({ url, socket: { reconnectStrategy: () => 100 } });
    client.on('error', () => undefined);
    await client.connect();
    return {
      client,
      raw: (...args) => client.sendCommand(args),
      close: async () => {
        client.destroy();
      },
    };
  }
  const client = new Redis(url, { retryStrategy: () => 100, maxRetriesPerRequest: null });
  client.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('end', () => reject(new Error('ioredis did not connect')));
  });
  return {
    client,
    raw: (command, ...args) => client.call(command ?? '', ...args),
    close: async () => {
      client.disconnect();
    },
  };
}
