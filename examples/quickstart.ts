/**
 * The seed's whole users flow, step by step: create, login, get, list, updates, password change and reset, disable
 * and enable, profile, search, refresh, delete.
 *
 * With no configuration it starts the fake users service on loopback and runs against it. With
 * `MAGISTRALA_USERS_URL`, `MAGISTRALA_USERNAME` and `MAGISTRALA_PASSWORD` (an admin) it runs against that server.
 * Each step prints a heading and its result as JSON (tokens shortened); the exit status is 1 if any step failed.
 *
 *   npm start
 *   MAGISTRALA_USERS_URL=http://localhost:9002 MAGISTRALA_USERNAME=admin MAGISTRALA_PASSWORD=12345678 npm start
 */
import { type TokenPair, UsersClient } from 'magistrala-users';
import { createFakeUsersService, type FakeUsersService } from 'magistrala-users/testing';

const results: Array<'ok' | 'failed' | 'skipped'> = [];

async function step(title: string, run: () => Promise<unknown>): Promise<void> {
  console.log(`\n## ${title}`);
  try {
    const result = await run();
    console.log(result === undefined ? 'ok' : JSON.stringify(result, null, 2));
    results.push('ok');
  } catch (error) {
    console.log(`failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    results.push('failed');
  }
}

function skip(title: string, why: string): void {
  console.log(`\n## ${title}\nskipped: ${why}`);
  results.push('skipped');
}

/** A pair fit to print: which token it is and until when, never the token itself. */
function shown(tokens: TokenPair) {
  const expiry = (jwt: string) => {
    const payload = JSON.parse(atob((jwt.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: number;
    };
    return `${jwt.slice(0, 10)}… (expires ${payload.exp ? new Date(payload.exp * 1000).toISOString() : 'never'})`;
  };
  return { access_token: expiry(tokens.access_token), refresh_token: expiry(tokens.refresh_token) };
}

let fake: FakeUsersService | undefined;
let baseUrl = process.env.MAGISTRALA_USERS_URL;
let close = async () => {};
if (!baseUrl) {
  fake = createFakeUsersService();
  const server = await fake.listen();
  baseUrl = server.url;
  close = server.close;
  console.log(`Started the fake users service at ${baseUrl}`);
}
const admin = {
  username: process.env.MAGISTRALA_USERNAME ?? 'admin',
  password: process.env.MAGISTRALA_PASSWORD ?? '12345678',
};

const suffix = Math.random().toString(36).slice(2, 8);
const name = `janicedoe${suffix}`;
const email = `${name}@example.com`;
const users = new UsersClient({ baseUrl }); // the admin's session
const jane = new UsersClient({ baseUrl }); // Jane's own session
let id = '';

await step(`create jane doe ${email} ${name} 12345678`, async () => {
  const created = await new UsersClient({ baseUrl }).create({
    first_name: 'jane',
    last_name: 'doe',
    email,
    credentials: { username: name, secret: '12345678' },
  });
  id = created.id;
  return created;
});
await step(`token ${admin.username} ********`, async () => shown(await users.login(admin)));
await step(`${id} get`, () => users.get(id));
await step('all get', () => users.list({ limit: 5 }));
await step(`${id} update names`, () => users.update(id, { first_name: 'Janice', last_name: 'Doe' }));
await step(`${id} update metadata`, () => users.update(id, { metadata: { aoty: '1' } }));
await step(`${id} update tags`, () => users.updateTags(id, ['lemonade', 'renaissance']));
await step(`${id} update email`, () => users.updateEmail(id, `Janice.${email}`));
await step(`${id} update username`, () => users.updateUsername(id, `Janice${suffix}`));
await step('password ******** ********* (as Jane)', async () => {
  await jane.login({ username: `Janice${suffix}`, password: '12345678' });
  return jane.updatePassword('12345678', '123456789');
});
await step(`resetpasswordrequest Janice.${email}`, () => users.requestPasswordReset(`Janice.${email}`));
if (fake) {
  await step('resetpassword ******** ******** <token from the mail>', async () => {
    const mail = fake?.outbox.findLast((sent) => sent.kind === 'password-reset');
    if (!mail) throw new Error('no reset mail arrived');
    return users.resetPassword({ token: mail.token, password: 'abcdefgh', confirmPassword: 'abcdefgh' });
  });
} else {
  skip('resetpassword', 'needs the token from the mailed link');
}
await step(`${id} disable`, () => users.disable(id));
await step(`${id} enable`, () => users.enable(id));
await step('profile (as Jane)', () => jane.profile());
await step(`search username=Janice${suffix.slice(0, 3)}`, () =>
  users.search({ username: `Janice${suffix.slice(0, 3)}` }),
);
await step('refreshtoken', async () => shown(await users.refresh()));
await step(`${id} delete`, () => users.delete(id));
await jane.logout();
await users.logout();
await close();

const count = (kind: string) => results.filter((result) => result === kind).length;
console.log(
  `\n${results.length} steps: ${count('ok')} ok, ${count('failed')} failed, ${count('skipped')} skipped`,
);
process.exitCode = count('failed') > 0 ? 1 : 0;
