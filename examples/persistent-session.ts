/**
 * A Node script or CLI that logs in once and stays logged in across runs: the session lives in a 0600 file, tokens
 * refresh themselves, and parallel runs never spend the same refresh token twice.
 *
 *   npx tsx examples/persistent-session.ts      (against a fake service, twice: the second run does not log in)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsersClient } from 'magistrala-users';
import { fileTokenStore } from 'magistrala-users/node';
import { createFakeUsersService } from 'magistrala-users/testing';

const service = createFakeUsersService();
const { url, close } = await service.listen();
// A directory only this user can write: the file store refuses shared ones such as /tmp itself.
const directory = await mkdtemp(join(tmpdir(), 'magistrala-users-example-'));
const sessionFile = join(directory, 'session.json');

for (const run of [1, 2]) {
  const users = new UsersClient({
    baseUrl: url,
    tokenStore: fileTokenStore(sessionFile),
    onSessionChange: (event) => console.log(`run ${run}: session ${event.type}`),
  });
  if (!(await users.sessionDeadline())) await users.login({ username: 'admin', password: '12345678' });
  const me = await users.profile();
  console.log(
    `run ${run}: ${me.credentials?.username}, session ends ${(await users.sessionDeadline())?.toISOString()}`,
  );
  if (run === 2) await users.logout();
  users.dispose();
}
console.log(`logins: ${service.count('POST', '/users/tokens/issue')}`);
await rm(directory, { recursive: true, force: true });
await close();
