/**
 * The Lua scripts a Redis token store runs: each one a check and a change that no other client can come
 * between.
 *
 * @module
 */

/** Lua: the Redis server's clock, in milliseconds. */
const nowMs = `local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)`;

/**
 * Takes the lock if it is free: `SET lock owner NX PX ttl`, then a fencing token from a counter that only
 * grows. Returns the fencing token, the lock's remaining time in milliseconds as a negative number, or 0 when
 * it ran after `notAfter` (Redis's clock, ms): a command the client replayed after the caller gave up on it.
 *
 * KEYS: lock, fence counter. ARGV: owner, ttl in ms, notAfter.
 *
 * @internal
 */
export const acquireScript = `
${nowMs}
if now > tonumber(ARGV[3]) then return 0 end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return -math.max(redis.call('PTTL', KEYS[1]), 1)
`;

/**
 * Extends the lock only if `owner` still holds it (compare-and-expire). Returns 1, or 0 when it was lost.
 *
 * KEYS: lock. ARGV: owner, ttl in ms.
 *
 * @internal
 */
export const extendScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;

/**
 * Releases the lock only if `owner` still holds it (compare-and-delete), never another holder's.
 * Returns 1, or 0 when it had already expired or moved on.
 *
 * KEYS: lock. ARGV: owner.
 *
 * @internal
 */
export const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * Writes the session (a hash: `value`, the stored JSON, and `fence`, the fencing token of the write) and
 * publishes the change, or refuses. A write under the lock (owner given) must still hold the lock, must not
 * be older than the last write (fence), and, when `mode` is `equal`, must replace exactly `expected` (`''`:
 * no value). A write outside the lock (sign-in, sign-out) takes a new fencing token, so it supersedes every
 * holder that started before it. An empty `value` removes the value and keeps the fence: a sign-out.
 * A write that runs after `notAfter` (Redis's clock, ms), one the client replayed after the caller gave up on
 * it, changes nothing. Returns `ok`, `late`, `lock-lost`, `superseded` or `changed`.
 *
 * KEYS: session, lock, fence counter. ARGV: owner or '', fence or '', mode (`any` | `equal`), expected,
 * value, channel, message, notAfter.
 *
 * @internal
 */
export const writeScript = `
${nowMs}
if now > tonumber(ARGV[8]) then return 'late' end
local fence
if ARGV[1] ~= '' then
  if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 'lock-lost' end
  fence = tonumber(ARGV[2])
else
  fence = redis.call('INCR', KEYS[3])
end
local last = tonumber(redis.call('HGET', KEYS[1], 'fence') or '0')
if last > fence then return 'superseded' end
if ARGV[3] == 'equal' and (redis.call('HGET', KEYS[1], 'value') or '') ~= ARGV[4] then return 'changed' end
if ARGV[5] == '' then
  redis.call('HDEL', KEYS[1], 'value')
  redis.call('HSET', KEYS[1], 'fence', fence)
else
  redis.call('HSET', KEYS[1], 'value', ARGV[5], 'fence', fence)
end
redis.call('PUBLISH', ARGV[6], ARGV[7])
return 'ok'
`;

/**
 * Reads Redis's clock, in milliseconds.
 *
 * @internal
 */
export const clockScript = `
${nowMs}
return now
`;
