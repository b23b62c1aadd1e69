/**
 * Run by Deno against the BUILT package (`dist/`, resolved through `node_modules/magistrala-users`): uses the test
 * kit through `service.fetch`, and with the argument `listen` also over a loopback server from `listen()`, then
 * simply ends. The test fails if the runtime is still running a few seconds later, or asks for a permission.
 *
 * @module
 */
import { UsersClient } from 'magistrala-users';
import { createFakeUsersService, seededAdmin } from 'magistrala-users/testing';

const args = (globalThis as { Deno?: { args: string[] } }).Deno?.args ?? [];
const credentials = { username: seededAdmin.username, password: seededAdmin.password };

const service = createFakeUsersService();
const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch });
await users.login(credentials);
const report: Record<string, unknown> = { viaFetch: (await users.profile()).credentials?.username };
await users.logout();

if (args.includes('listen')) {
  const server = await service.listen({ cors: true });
  const overHttp = new UsersClient({ baseUrl: server.url });
  await overHttp.login(credentials);
  report.viaListen = (await overHttp.profile()).credentials?.username;
  await overHttp.logout();
  await server.close();
}

console.log(JSON.stringify({ done: true, ...report }));
