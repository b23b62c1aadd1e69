/**
 * The seed's whole users flow, step by step: create, login, get, list, updates, password change and reset, disable
 * and enable, profile, search, refresh, delete. Then the same flow again on ATOM (Magistrala v0.40 and later), with
 * a line for each step ATOM cannot do.
 *
 * With no configuration it starts the fake users service and the fake ATOM on loopback and runs against them. With
 * `MAGISTRALA_USERS_URL`, `MAGISTRALA_USERNAME` and `MAGISTRALA_PASSWORD` (an admin) it runs against that server;
 * with `MAGISTRALA_ATOM_URL` (and the same admin variables) the ATOM walk runs against that ATOM.
 * Each step prints a heading and its result as JSON (tokens shortened); the exit status is 1 if any step failed.
 *
 *   npm start
 *   MAGISTRALA_USERS_URL=http://localhost:9002 MAGISTRALA_USERNAME=admin MAGISTRALA_PASSWORD=12345678 npm start
 *   MAGISTRALA_ATOM_URL=http://localhost:8080 MAGISTRALA_USERNAME=admin MAGISTRALA_PASSWORD=12345678 npm start
 */
import { type TokenPair, UnsupportedOperationError, UsersClient } from 'magistrala-users';
import {
  createFakeAtomService,
  createFakeUsersService,
  type FakeUsersService,
} from 'magistrala-users/testing';

const results: Array<'ok' | 'failed' | 'skipped'> = [];

async function step(title: string, run: () => Promise<unknown>): Promise<void> {
  console.log(`\n## ${title}`);
  try {
    const result = await run();
    console.log(result === undefined ? 'ok' : JSON.stringify(result, null, 2));
    results.push('ok');
  } catch (error) {
    if (error instanceof UnsupportedOperationError) {
      console.log(`skipped: ${error.message}`);
      results.push('skipped');
      return;
    }
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

const summary = (items: readonly string[]) => {
  const count = (kind: string) => items.filter((result) => result === kind).length;
  return `${items.length} steps: ${count('ok')} ok, ${count('failed')} failed, ${count('skipped')} skipped`;
};

let fake: FakeUsersService | undefined;
let baseUrl = process.env.MAGISTRALA_USERS_URL;
// The ATOM walk runs against the fake ATOM when nothing is configured, or against MAGISTRALA_ATOM_URL.
let atomUrl = process.env.MAGISTRALA_ATOM_URL || (baseUrl ? undefined : '');
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

const supermqResults = results.splice(0);
if (atomUrl !== undefined) {
  console.log(`\nSuperMQ: ${summary(supermqResults)}`);
  let closeAtom = async () => {};
  if (!atomUrl) {
    const server = await createFakeAtomService().listen();
    atomUrl = server.url;
    closeAtom = server.close;
    console.log(`\n# The same flow on ATOM\nStarted the fake ATOM at ${atomUrl}`);
  }
  await walkAtom(atomUrl);
  await closeAtom();
  console.log(`\nATOM: ${summary(results)}`);
}
const all = [...supermqResults, ...results];
console.log(`\n${summary(all)}`);
process.exitCode = all.includes('failed') ? 1 : 0;

/** The seed's flow on ATOM: an admin creates Jane (ATOM's self-signup needs a verified email before login). */
async function walkAtom(url: string): Promise<void> {
  const options = { baseUrl: url, backend: 'atom' } as const;
  const atomAdmin = new UsersClient(options);
  const atomJane = new UsersClient(options);
  const who = `atomjane${suffix}`;
  let janeId = '';
  await step(`token ${admin.username} ********`, async () => shown(await atomAdmin.login(admin)));
  await step(`create jane doe ${who}@example.com ${who} 12345678`, async () => {
    const created = await atomAdmin.create({
      first_name: 'jane',
      last_name: 'doe',
      email: `${who}@example.com`,
      credentials: { username: who, secret: '12345678' },
    });
    janeId = created.id;
    return created;
  });
  await step(`${janeId} get`, () => atomAdmin.get(janeId));
  await step('all get', () => atomAdmin.list({ limit: 5 }));
  await step('all get, ordered by username', () => atomAdmin.list({ order: 'username' }));
  await step(`${janeId} update names`, () =>
    atomAdmin.update(janeId, { first_name: 'Janice', last_name: 'Doe' }),
  );
  await step(`${janeId} update metadata`, () => atomAdmin.update(janeId, { metadata: { aoty: '1' } }));
  await step(`${janeId} update tags`, () => atomAdmin.updateTags(janeId, ['lemonade', 'renaissance']));
  await step(`${janeId} update email`, () => atomAdmin.updateEmail(janeId, `janice.${who}@example.com`));
  await step(`${janeId} update username`, () => atomAdmin.updateUsername(janeId, `Janice${who}`));
  await step('password ******** ********* (as Jane)', async () => {
    await atomJane.login({ username: `Janice${who}`, password: '12345678' });
    return atomJane.updatePassword('12345678', '123456789');
  });
  await step(`resetpasswordrequest janice.${who}@example.com`, () =>
    atomAdmin.requestPasswordReset(`janice.${who}@example.com`),
  );
  skip('resetpassword', 'ATOM mails reset links only to users with a registered email (self-signup)');
  await step(`${janeId} disable`, () => atomAdmin.disable(janeId));
  await step(`${janeId} enable`, () => atomAdmin.enable(janeId));
  await step('profile (as Jane)', async () => {
    await atomJane.login({ username: `Janice${who}`, password: '123456789' });
    return atomJane.profile();
  });
  await step(`search username=Janice${who.slice(0, 6)}`, () =>
    atomAdmin.search({ username: `Janice${who.slice(0, 6)}` }),
  );
  await step('refreshtoken', async () => shown(await atomAdmin.refresh()));
  await step('refresh sessions (listRefreshTokens)', () => atomAdmin.listRefreshTokens());
  await step(`${janeId} delete`, () => atomAdmin.delete(janeId));
  await atomJane.logout();
  await atomAdmin.logout();
}
