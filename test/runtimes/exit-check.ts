/**
 * The exit check's entry: uses a `webStorageTokenStore` on Deno's own `localStorage` the way an app does, then
 * simply ends. The test fails if the runtime is still running a few seconds later: nothing the store opens may keep
 * it alive.
 *
 * @remarks
 * Web standards only, like the scenario. Run by Deno with `--location`, which is what gives it a `localStorage`.
 *
 * @module
 */
import { type TokenStore, UsersClient, webStorageTokenStore } from 'magistrala-users';
import { createFakeUsersService, seededAdmin } from 'magistrala-users/testing';

const key = 'magistrala-users.exit-check';

function subscribe(store: TokenStore): () => void {
  if (!store.subscribe) throw new Error('webStorageTokenStore has no subscribe');
  return store.subscribe(() => undefined);
}

// A store used directly: a write, a subscription that ends, one that never does, and the lock.
const store = webStorageTokenStore(localStorage, key);
await store.set({ access_token: 'access', refresh_token: 'refresh' });
const stop = subscribe(store);
stop();
subscribe(store);
await store.lock?.(async () => undefined);
await store.clear();

// A client on such a store: it subscribes when made and unsubscribes on dispose().
const service = createFakeUsersService();
const users = new UsersClient({
  baseUrl: service.baseUrl,
  fetch: service.fetch,
  tokenStore: webStorageTokenStore(localStorage, `${key}.client`),
});
await users.login({ username: seededAdmin.username, password: seededAdmin.password });
const profile = await users.profile();
await users.logout();
users.dispose();

console.log(JSON.stringify({ done: true, profile: profile.credentials?.username }));
