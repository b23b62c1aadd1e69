/**
 * Redis's clock as seen from here: the deadlines that stop a command the client replays late from changing
 * anything.
 *
 * @module
 */
import { clockScript } from './lua-scripts.ts';
import type { RedisConnection } from './redis-connection.ts';

/**
 * Turns "now, here" into a time on Redis's clock.
 *
 * @internal
 */
export interface RedisClock {
  /**
   * The time on Redis's clock (ms) after which a command sent now must not run: by then the connection's
   * deadline has passed and the caller has been told it failed. Clients queue commands while disconnected
   * and send them on reconnecting, so without this a write reported as failed could still land later.
   */
  deadline(): number;
}

/**
 * Reads Redis's clock once.
 *
 * @internal
 * @param redis - The connection.
 * @param timeoutMs - The connection's command deadline.
 * @returns The clock.
 *
 * @example
 * ```ts
 * const clock = await readRedisClock(redis, 2_000);
 * await redis.command('write', ['EVAL', writeScript, '3', ...keys, ...args, String(clock.deadline())]);
 * ```
 */
export async function readRedisClock(redis: RedisConnection, timeoutMs: number): Promise<RedisClock> {
  const server = Number(await redis.command('read the clock', ['EVAL', clockScript, '0']));
  // Redis read its clock before the reply arrived, so this offset is never ahead of the real one: deadlines err
  // early, and a command that runs in time may be refused but a late one never runs.
  const offset = server - Date.now();
  return { deadline: () => Date.now() + offset + timeoutMs };
}
