import { type WebStorageTokenStoreOptions, webStorageTokenStore } from '../../src/token-store.ts';
import { MemoryStorage } from './memory-storage.ts';

/**
 * Two web storage token stores on one {@link MemoryStorage} and one key: two tabs of one origin. The key is a fresh
 * one unless given; `options` go to both stores.
 */
export function twoTabs(key = `test.${crypto.randomUUID()}`, options: WebStorageTokenStoreOptions = {}) {
  const storage = new MemoryStorage();
  return {
    storage,
    key,
    tabA: webStorageTokenStore(storage, key, options),
    tabB: webStorageTokenStore(storage, key, options),
  };
}
