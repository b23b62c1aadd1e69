import type { StoredSession, TokenStore } from '../../src/types.ts';

/**
 * A token store in memory that records every session it is given, in order, even one it then refuses: set
 * `control.failWrites` to make writes throw the error it returns (and keep what was stored before).
 */
export function recordingStore() {
  let stored: StoredSession | undefined;
  const writes: StoredSession[] = [];
  const control = { failWrites: undefined as (() => Error) | undefined };
  const store: TokenStore = {
    get: () => stored,
    set: (session) => {
      writes.push(session);
      if (control.failWrites) throw control.failWrites();
      stored = session;
    },
    clear: () => {
      stored = undefined;
    },
  };
  return { store, writes, control, stored: () => stored };
}
