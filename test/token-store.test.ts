import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TokenPair } from '../src/entities.ts';
import { LockTimeoutError, StorageUnavailableError } from '../src/errors.ts';
import { defaultStorageKey, memoryTokenStore, webStorageTokenStore } from '../src/token-store.ts';
import type { TokenStore } from '../src/types.ts';
import { lockOf, peakOverlap, sleep } from './support/locks.ts';
import { MemoryStorage } from './support/memory-storage.ts';
import { twoTabs } from './support/two-tabs.ts';

/** A storage that refuses everything, as disabled or sandboxed storage does. */
class RefusingStorage extends MemoryStorage {
  override getItem(): string | null {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  }
  override setItem(): void {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
}

/**
 * Two tabs' views of one origin's storage: each tab sees its own writes at once and the other tab's only
 * `lagMs` later, as browsers that sync storage between tab processes do.
 */
function laggingTabs(lagMs: number): [Storage, Storage] {
  const log: Array<{ at: number; tab: number; key: string; value: string | null }> = [];
  class TabStorage extends MemoryStorage {
    readonly #tab: number;
    constructor(tab: number) {
      super();
      this.#tab = tab;
    }
    override getItem(key: string): string | null {
      const now = Date.now();
      let value: string | null = null;
      for (const entry of log) {
        if (entry.key === key && (entry.tab === this.#tab || entry.at <= now - lagMs)) value = entry.value;
      }
      return value;
    }
    override setItem(key: string, value: string): void {
      log.push({ at: Date.now(), tab: this.#tab, key, value });
    }
    override removeItem(key: string): void {
      log.push({ at: Date.now(), tab: this.#tab, key, value: null });
    }
  }
  return [new TabStorage(0), new TabStorage(1)];
}

const pair = (n: number): TokenPair => ({ access_token: `access-${n}`, refresh_token: `refresh-${n}` });
const uniqueKey = () => `test.${crypto.randomUUID()}`;

function subscribeTo(store: TokenStore, listener: (tokens: TokenPair | undefined) => void): () => void {
  if (!store.subscribe) throw new Error('this store has no subscribe');
  return store.subscribe(listener);
}

/** What a store did with one of its broadcast channels. */
interface RecordedChannel {
  readonly name: string;
  readonly posted: unknown[];
  closed: boolean;
  unrefed: boolean;
}

/**
 * Replaces `BroadcastChannel` with a stand-in that delivers nothing and records every channel opened, in order.
 * With `unref: false` it has no `unref`, as in browsers and Deno.
 */
function recordChannels(options: { unref: boolean }): RecordedChannel[] {
  const opened: RecordedChannel[] = [];
  class RecordingChannel extends EventTarget implements RecordedChannel {
    readonly name: string;
    readonly posted: unknown[] = [];
    closed = false;
    unrefed = false;
    constructor(name: string) {
      super();
      this.name = name;
      opened.push(this);
    }
    postMessage(message: unknown): void {
      this.posted.push(message);
    }
    close(): void {
      this.closed = true;
    }
  }
  class UnrefableChannel extends RecordingChannel {
    unref(): void {
      this.unrefed = true;
    }
  }
  vi.stubGlobal('BroadcastChannel', options.unref ? UnrefableChannel : RecordingChannel);
  return opened;
}

/** A LockManager whose grant lands only after the caller's signal aborted: the timeout fires first. */
function lateGrantLocks(): LockManager {
  const request = async (_name: string, options: LockOptions, callback: () => Promise<unknown>) => {
    await new Promise((resolve) => options.signal?.addEventListener('abort', resolve));
    return callback();
  };
  return { request, query: vi.fn() } as unknown as LockManager;
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('memoryTokenStore', () => {
  it('holds no session until a pair is set, and none after clear', async () => {
    const store = memoryTokenStore();
    expect(await store.get()).toBeUndefined();
    await store.set(pair(1));
    expect(await store.get()).toEqual(pair(1));
    await store.clear();
    expect(await store.get()).toBeUndefined();
  });

  it('starts from the initial pair it is given', async () => {
    expect(await memoryTokenStore(pair(7)).get()).toEqual(pair(7));
  });

  it('keeps its own copy, so a caller mutating a pair does not change the session', async () => {
    const tokens = pair(1);
    const store = memoryTokenStore();
    await store.set(tokens);
    tokens.access_token = 'mutated';
    const read = await store.get();
    if (read) read.refresh_token = 'mutated too';
    expect(await store.get()).toEqual(pair(1));
  });

  it('runs two overlapping lock holders one after the other', async () => {
    const lock = lockOf(memoryTokenStore());
    const events: string[] = [];
    let releaseFirst = () => {};
    const first = lock(async () => {
      events.push('first starts');
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      events.push('first ends');
      return 'first';
    });
    const second = lock(async () => {
      events.push('second starts');
      return 'second';
    });
    await sleep(5);
    expect(events).toEqual(['first starts']);
    releaseFirst();
    expect(await Promise.all([first, second])).toEqual(['first', 'second']);
    expect(events).toEqual(['first starts', 'first ends', 'second starts']);
  });

  it('passes a holder error to its caller and keeps serving the next holders', async () => {
    const lock = lockOf(memoryTokenStore());
    const failing = lock(async () => {
      throw new Error('refresh failed');
    });
    const next = lock(async () => 'next');
    await expect(failing).rejects.toThrow('refresh failed');
    await expect(next).resolves.toBe('next');
  });
});

describe('webStorageTokenStore', () => {
  it('keeps the pair as JSON under the default key', async () => {
    const storage = new MemoryStorage();
    const store = webStorageTokenStore(storage);
    await store.set(pair(1));
    expect(JSON.parse(storage.getItem(defaultStorageKey) ?? '')).toEqual(pair(1));
    expect(await store.get()).toEqual(pair(1));
    await store.clear();
    expect(storage.getItem(defaultStorageKey)).toBeNull();
    expect(await store.get()).toBeUndefined();
  });

  it('uses the key it is given', async () => {
    const storage = new MemoryStorage();
    await webStorageTokenStore(storage, 'my-app.session').set(pair(2));
    expect(storage.getItem('my-app.session')).toBe(JSON.stringify(pair(2)));
  });

  it('uses globalThis.localStorage when no storage is given', async () => {
    const storage = new MemoryStorage();
    vi.stubGlobal('localStorage', storage);
    await webStorageTokenStore().set(pair(3));
    expect(storage.getItem(defaultStorageKey)).toBe(JSON.stringify(pair(3)));
  });

  it('throws StorageUnavailableError at construction when there is no localStorage and no storage is given', () => {
    vi.stubGlobal('localStorage', undefined);
    expect(() => webStorageTokenStore()).toThrow(StorageUnavailableError);
    expect(() => webStorageTokenStore()).toThrow(/no localStorage/);
  });

  it('throws StorageUnavailableError when localStorage refuses access', () => {
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
    try {
      expect(() => webStorageTokenStore()).toThrow(StorageUnavailableError);
    } finally {
      Reflect.deleteProperty(globalThis, 'localStorage');
    }
  });

  // Issue 7 item 12: a value that is not a session is "unknown" (the client keeps what it holds), not "no session".
  it.each([
    ['an empty value', ''],
    ['corrupt JSON', '{"access_token":'],
    ['JSON of the wrong shape', '{"access_token":1}'],
    ['a JSON string', '"access"'],
    ['a token with a line break', JSON.stringify({ access_token: 'a\r\nx: y', refresh_token: 'r' })],
  ])('rejects reading %s with StorageUnavailableError', async (_case, raw) => {
    const storage = new MemoryStorage();
    storage.setItem(defaultStorageKey, raw);
    const error = await (async () => webStorageTokenStore(storage).get())().catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(String(error)).not.toContain('access');
  });

  it('rejects reading a storage that throws with StorageUnavailableError', async () => {
    expect(() => webStorageTokenStore(new RefusingStorage()).get()).toThrow(StorageUnavailableError);
  });

  // A store is a container: what the client (or an application wrapping the store) wrote comes back as it was.
  it('keeps other fields of a stored session', async () => {
    const storage = new MemoryStorage();
    storage.setItem(defaultStorageKey, JSON.stringify({ ...pair(1), token_type: 'Bearer' }));
    expect(await webStorageTokenStore(storage).get()).toEqual({ ...pair(1), token_type: 'Bearer' });
  });

  it('keeps a session per server when no key is given, and one key for all when it is', async () => {
    const storage = new MemoryStorage();
    const a = { url: 'http://a.test', backend: 'supermq' };
    const b = { url: 'http://b.test', backend: 'supermq' };
    const store = webStorageTokenStore(storage);
    await store.forServer?.(a).set({ ...pair(1), server: a });
    await store.forServer?.(b).set({ ...pair(2), server: b });
    expect(storage.getItem(`${defaultStorageKey}:supermq:http://a.test`)).toContain('access-1');
    expect(storage.getItem(`${defaultStorageKey}:supermq:http://b.test`)).toContain('access-2');
    expect(storage.getItem(defaultStorageKey)).toBeNull();
    expect(webStorageTokenStore(storage, 'mine').forServer).toBeUndefined();
  });

  describe('subscribe', () => {
    it('tells another tab about a write, but not the tab that wrote it', async () => {
      const { tabA, tabB } = twoTabs();
      const heardByA: Array<TokenPair | undefined> = [];
      const heardByB: Array<TokenPair | undefined> = [];
      const stopA = subscribeTo(tabA, (tokens) => heardByA.push(tokens));
      const stopB = subscribeTo(tabB, (tokens) => heardByB.push(tokens));

      await tabA.set(pair(1));
      await vi.waitFor(() => expect(heardByB).toEqual([pair(1)]));
      // B's answer travels the same path A's own echo would have, so by now A would have heard itself.
      await tabB.set(pair(2));
      await vi.waitFor(() => expect(heardByA).toEqual([pair(2)]));
      expect(heardByB).toEqual([pair(1)]);
      stopA();
      stopB();
    });

    it('tells another tab when the session is cleared', async () => {
      const { tabA, tabB } = twoTabs();
      const heard: Array<TokenPair | undefined> = [];
      const stop = subscribeTo(tabB, (tokens) => heard.push(tokens));
      await tabA.set(pair(1));
      await tabA.clear();
      await vi.waitFor(() => expect(heard).toEqual([pair(1), undefined]));
      stop();
    });

    it('stops calling a listener after it unsubscribes', async () => {
      const { tabA, tabB } = twoTabs();
      const gone = vi.fn();
      const staying: Array<TokenPair | undefined> = [];
      const stopGone = subscribeTo(tabB, gone);
      const stopStaying = subscribeTo(tabB, (tokens) => staying.push(tokens));
      stopGone();
      await tabA.set(pair(1));
      await vi.waitFor(() => expect(staying).toEqual([pair(1)]));
      expect(gone).not.toHaveBeenCalled();
      stopStaying();
    });

    it('hears storage events from other tabs, once per change even when the broadcast repeats it', async () => {
      const window = new EventTarget();
      vi.stubGlobal('addEventListener', window.addEventListener.bind(window));
      vi.stubGlobal('removeEventListener', window.removeEventListener.bind(window));
      const { storage, key, tabA, tabB } = twoTabs();
      const heard: Array<TokenPair | undefined> = [];
      const stop = subscribeTo(tabB, (tokens) => heard.push(tokens));

      const storageEvent = (init: { key: string | null; newValue: string | null; storageArea: Storage }) =>
        Object.assign(new Event('storage'), init);
      window.dispatchEvent(storageEvent({ key, newValue: JSON.stringify(pair(1)), storageArea: storage }));
      window.dispatchEvent(
        storageEvent({ key: 'other', newValue: JSON.stringify(pair(8)), storageArea: storage }),
      );
      window.dispatchEvent(
        storageEvent({ key, newValue: JSON.stringify(pair(9)), storageArea: new MemoryStorage() }),
      );
      expect(heard).toEqual([pair(1)]);

      await tabA.set(pair(1)); // the broadcast of the change the storage event already reported
      await tabA.set(pair(2));
      await vi.waitFor(() => expect(heard).toEqual([pair(1), pair(2)]));

      window.dispatchEvent(storageEvent({ key: null, newValue: null, storageArea: storage }));
      expect(heard).toEqual([pair(1), pair(2), undefined]);
      stop();
    });

    it('stops listening to storage events when the last listener leaves', async () => {
      const window = new EventTarget();
      const remove = vi.fn(window.removeEventListener.bind(window));
      vi.stubGlobal('addEventListener', window.addEventListener.bind(window));
      vi.stubGlobal('removeEventListener', remove);
      const storage = new MemoryStorage();
      const key = uniqueKey();
      const listener = vi.fn();
      const stop = subscribeTo(webStorageTokenStore(storage, key), listener);
      stop();
      window.dispatchEvent(
        Object.assign(new Event('storage'), { key, newValue: JSON.stringify(pair(1)), storageArea: storage }),
      );
      expect(remove).toHaveBeenCalledWith('storage', expect.any(Function));
      expect(listener).not.toHaveBeenCalled();
    });

    it('calls the other listeners when one of them throws', async () => {
      const storage = new MemoryStorage();
      const key = uniqueKey();
      const uncaught = vi.fn();
      const originalQueue = globalThis.queueMicrotask;
      vi.stubGlobal('queueMicrotask', (task: () => void) =>
        originalQueue(() => {
          try {
            task();
          } catch (error) {
            uncaught(error);
          }
        }),
      );
      const heard: Array<TokenPair | undefined> = [];
      const tabB = webStorageTokenStore(storage, key);
      const stopThrowing = subscribeTo(tabB, () => {
        throw new Error('listener bug');
      });
      const stopHearing = subscribeTo(tabB, (tokens) => heard.push(tokens));
      await webStorageTokenStore(storage, key).set(pair(1));
      await vi.waitFor(() => expect(heard).toEqual([pair(1)]));
      await vi.waitFor(() => expect(uncaught).toHaveBeenCalledWith(new Error('listener bug')));
      stopThrowing();
      stopHearing();
    });
  });

  describe('lock with the storage fallback (no Web Locks)', () => {
    const fallback = { locks: null } as const;

    it('never lets two tabs hold the lock at once', async () => {
      const storage = new MemoryStorage();
      const key = uniqueKey();
      const tabs = [
        webStorageTokenStore(storage, key, fallback),
        webStorageTokenStore(storage, key, fallback),
      ];
      const result = await peakOverlap(tabs.map(lockOf), 6);
      expect(result).toEqual({ peak: 1, completed: 6 });
      expect(storage.getItem(`${key}.lock`)).toBeNull();
    });

    it('never lets two tabs hold the lock at once when each sees the other’s writes late', async () => {
      const key = uniqueKey();
      const tabs = laggingTabs(10).map((storage) => webStorageTokenStore(storage, key, fallback));
      expect(await peakOverlap(tabs.map(lockOf), 4)).toEqual({ peak: 1, completed: 4 });
    });

    // A page (`document` defined) is where the store looks for navigator.locks: outside one it never does.
    it('uses the storage fallback in a page whose runtime has no navigator.locks', async () => {
      vi.stubGlobal('document', {});
      vi.stubGlobal('navigator', {});
      const storage = new MemoryStorage();
      const key = uniqueKey();
      const seen = await lockOf(webStorageTokenStore(storage, key))(async () =>
        storage.getItem(`${key}.lock`),
      );
      expect(seen).toMatch(/"owner"/);
    });

    it('takes over a claim left by a closed tab once it expires', async () => {
      const storage = new MemoryStorage();
      const key = uniqueKey();
      const expires = Date.now() + 150;
      storage.setItem(`${key}.lock`, JSON.stringify({ owner: 'closed-tab', expires }));
      const ranAt = await lockOf(webStorageTokenStore(storage, key, fallback))(async () => Date.now());
      expect(ranAt).toBeGreaterThanOrEqual(expires);
      expect(ranAt - expires).toBeLessThan(1000);
      expect(storage.getItem(`${key}.lock`)).toBeNull();
    });

    it('treats a corrupt claim as free', async () => {
      const storage = new MemoryStorage();
      const key = uniqueKey();
      storage.setItem(`${key}.lock`, '{not json');
      const lock = lockOf(webStorageTokenStore(storage, key, { ...fallback, lockTimeoutMs: 500 }));
      await expect(lock(async () => 'ran')).resolves.toBe('ran');
    });

    it('renews its claim, so a holder slower than the claim lifetime is not taken over', async () => {
      // A fake clock: a claim of a second outlived three times over, with no real waiting for a GC to upset.
      vi.useFakeTimers();
      const storage = new MemoryStorage();
      const key = uniqueKey();
      const options = { ...fallback, lockTtlMs: 1_000 };
      const events: string[] = [];
      const slow = lockOf(webStorageTokenStore(storage, key, options))(async () => {
        events.push('slow starts');
        await sleep(3_500);
        events.push('slow ends');
      });
      await vi.advanceTimersByTimeAsync(100);
      const waiter = lockOf(webStorageTokenStore(storage, key, options))(async () => {
        events.push('waiter runs');
      });
      await vi.advanceTimersByTimeAsync(5_000);
      await Promise.all([slow, waiter]);
      expect(events).toEqual(['slow starts', 'slow ends', 'waiter runs']);
    });

    it('gives up with LockTimeoutError while a live tab holds the lock', async () => {
      const storage = new MemoryStorage();
      const key = uniqueKey();
      let release = () => {};
      const holder = lockOf(webStorageTokenStore(storage, key, fallback))(
        () => new Promise<void>((resolve) => (release = resolve)),
      );
      await sleep(50);
      const waiter = lockOf(webStorageTokenStore(storage, key, { ...fallback, lockTimeoutMs: 100 }));
      const fn = vi.fn(async () => undefined);
      const error = await waiter(fn).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LockTimeoutError);
      expect(error).toMatchObject({ name: 'LockTimeoutError', lockName: `${key}.lock`, timeoutMs: 100 });
      expect(fn).not.toHaveBeenCalled();
      release();
      await holder;
    });

    it('releases the lock when the holder throws', async () => {
      const storage = new MemoryStorage();
      const key = uniqueKey();
      const lock = lockOf(webStorageTokenStore(storage, key, fallback));
      await expect(lock(() => Promise.reject(new Error('refresh failed')))).rejects.toThrow('refresh failed');
      expect(storage.getItem(`${key}.lock`)).toBeNull();
      await expect(lock(async () => 'next')).resolves.toBe('next');
    });

    it('rejects without running the holder when the storage refuses the claim', async () => {
      const fn = vi.fn(async () => undefined);
      const lock = lockOf(webStorageTokenStore(new RefusingStorage(), uniqueKey(), fallback));
      await expect(lock(fn)).rejects.toThrow(/quota/);
      expect(fn).not.toHaveBeenCalled();
    });
  });

  describe.runIf(globalThis.navigator?.locks)('lock with Web Locks', () => {
    const webLocks = () => ({ locks: navigator.locks });

    it('uses navigator.locks by default in a browser and keeps no claim in the storage', async () => {
      vi.stubGlobal('document', {});
      const storage = new MemoryStorage();
      const key = uniqueKey();
      const seen = await lockOf(webStorageTokenStore(storage, key))(async () => ({
        claim: storage.getItem(`${key}.lock`),
        held: (await navigator.locks.query()).held?.map((lock) => lock.name),
      }));
      expect(seen.claim).toBeNull();
      expect(seen.held).toContain(`${key}.lock`);
    });

    it('uses navigator.locks by default in a worker', async () => {
      vi.stubGlobal('WorkerGlobalScope', class {});
      const storage = new MemoryStorage();
      const key = uniqueKey();
      const held = await lockOf(webStorageTokenStore(storage, key))(async () =>
        (await navigator.locks.query()).held?.map((lock) => lock.name),
      );
      expect(held).toContain(`${key}.lock`);
    });

    it('keeps to the storage lock by default outside browsers and workers, where Web Locks are per process', async () => {
      const storage = new MemoryStorage();
      const key = uniqueKey();
      const seen = await lockOf(webStorageTokenStore(storage, key))(async () => ({
        claim: storage.getItem(`${key}.lock`),
        held: (await navigator.locks.query()).held?.map((lock) => lock.name) ?? [],
      }));
      expect(seen.claim).toMatch(/"owner"/);
      expect(seen.held).not.toContain(`${key}.lock`);
    });

    it('never lets two tabs hold the lock at once', async () => {
      const storage = new MemoryStorage();
      const key = uniqueKey();
      const tabs = [
        webStorageTokenStore(storage, key, webLocks()),
        webStorageTokenStore(storage, key, webLocks()),
      ];
      expect(await peakOverlap(tabs.map(lockOf), 6)).toEqual({ peak: 1, completed: 6 });
    });

    it('gives up with LockTimeoutError while another tab holds the lock', async () => {
      const storage = new MemoryStorage();
      const key = uniqueKey();
      let release = () => {};
      const holder = lockOf(webStorageTokenStore(storage, key, webLocks()))(
        () => new Promise<void>((resolve) => (release = resolve)),
      );
      const fn = vi.fn(async () => undefined);
      const waiter = lockOf(webStorageTokenStore(storage, key, { ...webLocks(), lockTimeoutMs: 50 }));
      await expect(waiter(fn)).rejects.toBeInstanceOf(LockTimeoutError);
      expect(fn).not.toHaveBeenCalled();
      release();
      await holder;
    });

    it('passes a holder error to its caller and releases the lock', async () => {
      const lock = lockOf(webStorageTokenStore(new MemoryStorage(), uniqueKey(), webLocks()));
      await expect(lock(() => Promise.reject(new Error('refresh failed')))).rejects.toThrow('refresh failed');
      await expect(lock(async () => 'next')).resolves.toBe('next');
    });

    it('uses the LockManager it is given', async () => {
      const request = vi.fn((_name: string, _options: LockOptions, callback: () => Promise<string>) =>
        callback(),
      );
      const locks = { request, query: vi.fn() } as unknown as LockManager;
      const key = uniqueKey();
      const result = await lockOf(webStorageTokenStore(new MemoryStorage(), key, { locks }))(
        async () => 'ran',
      );
      expect(result).toBe('ran');
      expect(request).toHaveBeenCalledWith(
        `${key}.lock`,
        { signal: expect.any(AbortSignal) },
        expect.any(Function),
      );
    });
  });

  describe('lock with a given LockManager', () => {
    it('passes on the holder’s own error when the timeout fired between the grant and the callback', async () => {
      const lock = lockOf(
        webStorageTokenStore(new MemoryStorage(), uniqueKey(), {
          locks: lateGrantLocks(),
          lockTimeoutMs: 10,
        }),
      );
      const error = await lock(() => Promise.reject(new Error('refresh failed'))).catch(
        (caught: unknown) => caught,
      );
      expect(error).not.toBeInstanceOf(LockTimeoutError);
      expect(error).toEqual(new Error('refresh failed'));
    });

    it('resolves with the holder’s result when the timeout fired between the grant and the callback', async () => {
      const lock = lockOf(
        webStorageTokenStore(new MemoryStorage(), uniqueKey(), {
          locks: lateGrantLocks(),
          lockTimeoutMs: 10,
        }),
      );
      await expect(lock(async () => 'ran')).resolves.toBe('ran');
    });

    it('passes on an error of the LockManager itself as it is, not as a timeout', async () => {
      const refusal = new DOMException('The request was refused.', 'InvalidStateError');
      const locks = {
        request: vi.fn(() => Promise.reject(refusal)),
        query: vi.fn(),
      } as unknown as LockManager;
      const fn = vi.fn(async () => undefined);
      const lock = lockOf(
        webStorageTokenStore(new MemoryStorage(), uniqueKey(), { locks, lockTimeoutMs: 1_000 }),
      );
      await expect(lock(fn)).rejects.toBe(refusal);
      expect(fn).not.toHaveBeenCalled();
    });
  });

  describe('broadcast channels', () => {
    it('announces each write on a channel it closes at once, so no channel outlives the write', async () => {
      const opened = recordChannels({ unref: false });
      const key = uniqueKey();
      const store = webStorageTokenStore(new MemoryStorage(), key);
      await store.set(pair(1));
      await store.clear();
      expect(opened.map(({ name, posted, closed }) => ({ name, posted, closed }))).toEqual([
        { name: key, posted: [{ from: expect.any(String), value: JSON.stringify(pair(1)) }], closed: true },
        { name: key, posted: [{ from: expect.any(String), value: null }], closed: true },
      ]);
    });

    it('listens on one unref’d channel from the first subscriber until the last one leaves', () => {
      const opened = recordChannels({ unref: true });
      const store = webStorageTokenStore(new MemoryStorage(), uniqueKey());
      const stopFirst = subscribeTo(store, () => undefined);
      const stopSecond = subscribeTo(store, () => undefined);
      expect(opened).toMatchObject([{ closed: false, unrefed: true }]);
      stopFirst();
      expect(opened).toMatchObject([{ closed: false }]);
      stopSecond();
      expect(opened).toMatchObject([{ closed: true }]);
      const stopAgain = subscribeTo(store, () => undefined);
      expect(opened).toMatchObject([{ closed: true }, { closed: false }]);
      stopAgain();
    });

    it('listens on no channel in a server runtime that cannot unref one, as in Deno', () => {
      const opened = recordChannels({ unref: false });
      const stop = subscribeTo(webStorageTokenStore(new MemoryStorage(), uniqueKey()), () => undefined);
      expect(opened).toEqual([]);
      stop();
    });

    it.each([
      ['a browser', 'document', {}],
      ['a worker', 'WorkerGlobalScope', class {}],
    ])('listens on a channel in %s, where none can be unref’d', (_where, global, value) => {
      vi.stubGlobal(global, value);
      const opened = recordChannels({ unref: false });
      const stop = subscribeTo(webStorageTokenStore(new MemoryStorage(), uniqueKey()), () => undefined);
      expect(opened).toMatchObject([{ closed: false, unrefed: false }]);
      stop();
      expect(opened).toMatchObject([{ closed: true }]);
    });

    it('never hears its own writes back, however quickly they follow each other', async () => {
      const storage = new MemoryStorage();
      const key = uniqueKey();
      const tabA = webStorageTokenStore(storage, key);
      const heardByA: Array<TokenPair | undefined> = [];
      const stop = subscribeTo(tabA, (tokens) => heardByA.push(tokens));
      await tabA.set(pair(1));
      await tabA.set(pair(2));
      await tabA.clear();
      // The other tab's write travels the same way A's own would have, so by now A would have heard itself.
      await webStorageTokenStore(storage, key).set(pair(3));
      await vi.waitFor(() => expect(heardByA).toEqual([pair(3)]));
      stop();
    });
  });
});
