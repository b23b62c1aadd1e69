/**
 * Tells listeners when a shared token store changed, once per change, never for the store's own writes.
 *
 * @module
 */

import { parseTokenPair } from './parse-token-pair.ts';
import type { StoredSession } from './stored-session.ts';

/**
 * Fans changes of a stored value out to subscribers, once per change, skipping the store's own writes.
 *
 * @internal
 * @remarks
 * Shared with the Node file store. Sources may report one change twice (a `storage` event and a
 * broadcast) or report a store's own write back to it (a file watcher); both carry the raw value, and a
 * value equal to the last one seen or written is dropped. `start` is called when the first listener
 * subscribes and its result when the last one leaves.
 */
export interface ChangeFeed {
  /** Records a value this store wrote (`null`: removed) so that it is not reported back. */
  noteOwnWrite(raw: string | null): void;
  /**
   * Reports a value seen in the storage; listeners hear it unless it is the last one seen or written, or cannot be
   * read (a corrupt value says nothing about the session: it is unknown, not signed out).
   */
  deliver(raw: string | null): void;
  /** Adds a listener; the returned function removes it. */
  subscribe(listener: (tokens: StoredSession | undefined) => void): () => void;
}

/**
 * Makes a {@link ChangeFeed} that watches its source only while it has listeners.
 *
 * Shared with the Node file store.
 *
 * @internal
 * @param start - Starts watching, reporting through the feed's `deliver`; returns a function that stops.
 * @returns The feed.
 *
 * @example
 * ```ts
 * const feed = changeFeed(() => {
 *   const timer = setInterval(() => feed.deliver(readRawValue()), 1000);
 *   return () => clearInterval(timer);
 * });
 * ```
 */
export function changeFeed(start: () => () => void): ChangeFeed {
  const listeners = new Set<(tokens: StoredSession | undefined) => void>();
  let last: string | null | undefined;
  let stop: (() => void) | undefined;
  return {
    noteOwnWrite(raw) {
      last = raw;
    },
    deliver(raw) {
      if (raw === last) return;
      last = raw;
      let tokens: StoredSession | undefined;
      try {
        tokens = parseTokenPair(raw);
      } catch {
        return;
      }
      for (const listener of [...listeners]) callIsolated(() => listener(tokens));
    },
    subscribe(listener) {
      // A wrapper per call, so the same function subscribed twice is also removed once per unsubscribe.
      const entry = (tokens: StoredSession | undefined) => listener(tokens);
      listeners.add(entry);
      stop ??= start();
      return () => {
        if (!listeners.delete(entry) || listeners.size > 0) return;
        stop?.();
        stop = undefined;
      };
    },
  };
}

function callIsolated(call: () => void): void {
  try {
    call();
  } catch (error) {
    // One failing listener must not starve the others; its error still surfaces as an uncaught one.
    queueMicrotask(() => {
      throw error;
    });
  }
}
