import { type FakeUsersService, type LoopbackServer, seededAdmin } from 'magistrala-users/testing';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/commands.ts';
import type { CommandContext } from '../../src/cli/context.ts';
import { type StoredSession, type TokenPair, type TokenStore, UsersClient } from '../../src/index.ts';
import { serverIdentity, storedSession } from '../../src/stored-session.ts';
import { useFakeService } from './support.ts';

let service: FakeUsersService;
let server: LoopbackServer;

useFakeService((setup) => {
  ({ service, server } = setup);
});

async function logIn(username: string, password: string): Promise<TokenPair> {
  const reply = await service.fetch('/users/tokens/issue', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(reply.status).toBe(201);
  return (await reply.json()) as TokenPair;
}

/** Refreshes as another run of the CLI would: straight to the service. */
async function refreshElsewhere(refreshToken: string): Promise<{ status: number; pair: TokenPair }> {
  const reply = await service.fetch('/users/tokens/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${refreshToken}` },
  });
  return { status: reply.status, pair: (await reply.json()) as TokenPair };
}

/** `pair` as the CLI saves it for the service under test: sessions are bound to their server. */
const bound = (pair: TokenPair): StoredSession =>
  storedSession(pair, serverIdentity(server.url, 'supermq'), Date.now());

/** A saved session in memory whose lock runs `whileWaiting` before granting it, as a run holding it first would. */
function sharedStore(initial: TokenPair, whileWaiting: () => Promise<void> = async () => {}) {
  const state = {
    saved: bound(initial) as StoredSession | undefined,
    holding: false,
    setWhileHolding: [] as boolean[],
  };
  const store: TokenStore = {
    get: () => state.saved,
    set: (tokens) => {
      state.setWhileHolding.push(state.holding);
      state.saved = tokens;
    },
    clear: () => {
      state.saved = undefined;
    },
    lock: async (fn) => {
      await whileWaiting();
      state.holding = true;
      try {
        return await fn();
      } finally {
        state.holding = false;
      }
    },
  };
  return { state, store };
}

function contextOver(store: TokenStore): CommandContext {
  return {
    baseUrl: server.url,
    server: server.url,
    profile: 'default',
    sessionFile: '/nonexistent/session.json',
    store,
    client: new UsersClient({ baseUrl: server.url, tokenStore: store }),
    env: {},
    warn: () => {},
  };
}

const refreshtoken = async (refreshToken: string, context: CommandContext) =>
  (await runCommand({ name: 'refreshtoken', refreshToken }, context)) as TokenPair;

describe('refreshtoken against a saved session shared with other runs', () => {
  it("refreshes the saved session's own token inside the lock and saves the new pair there", async () => {
    const first = await logIn(seededAdmin.username, seededAdmin.password);
    let sentBeforeLock = -1;
    const { state, store } = sharedStore(first, async () => {
      sentBeforeLock = service.count('POST', '/users/tokens/refresh');
    });

    const reply = await refreshtoken(first.refresh_token, contextOver(store));

    expect(sentBeforeLock).toBe(0);
    expect(state.setWhileHolding).toEqual([true]);
    expect(state.saved).toMatchObject(reply);
  });

  it('sends nothing when another run refreshed the session while this one waited, and replies with its pair', async () => {
    const first = await logIn(seededAdmin.username, seededAdmin.password);
    let successor: TokenPair | undefined;
    const { state, store } = sharedStore(first, async () => {
      const other = await refreshElsewhere(first.refresh_token);
      expect(other.status).toBe(201);
      successor = other.pair;
      state.saved = successor && bound(successor);
    });

    const reply = await refreshtoken(first.refresh_token, contextOver(store));

    expect(service.count('POST', '/users/tokens/refresh')).toBe(1);
    expect(reply).toEqual(successor);
    expect(state.saved).toMatchObject(successor ?? {});
    // Strict rotation: a second use of the first token would have ended the session the successor belongs to.
    expect((await refreshElsewhere(successor?.refresh_token ?? '')).status).toBe(201);
  });

  it("refreshes without saving when another user's login replaced the saved session while this one waited", async () => {
    const first = await logIn(seededAdmin.username, seededAdmin.password);
    await service.fetch('/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        first_name: 'jane',
        last_name: 'doe',
        email: 'jane@example.com',
        credentials: { username: 'janedoe', secret: '12345678' },
      }),
    });
    const janes = await logIn('janedoe', '12345678');
    const { state, store } = sharedStore(first, async () => {
      state.saved = bound(janes);
    });

    const reply = await refreshtoken(first.refresh_token, contextOver(store));

    expect((await service.verifyToken(reply.access_token))?.role).toBe(2);
    expect(state.saved).toMatchObject(janes);
    expect(state.setWhileHolding).toEqual([]);
  });

  it('takes no lock and saves nothing for a token of another session', async () => {
    const saved = await logIn(seededAdmin.username, seededAdmin.password);
    const other = await logIn(seededAdmin.username, seededAdmin.password);
    let locked = false;
    const { state, store } = sharedStore(saved, async () => {
      locked = true;
    });

    const reply = await refreshtoken(other.refresh_token, contextOver(store));

    expect(reply.refresh_token).not.toBe(other.refresh_token);
    expect(locked).toBe(false);
    expect(state.saved).toMatchObject(saved);
  });
});
