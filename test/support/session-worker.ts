/**
 * One "CLI run" for the cross-process session tests: a client on the shared file store makes a few calls and
 * prints what happened as one JSON line. Arguments: base URL, store path, a label for the users it creates, and
 * `atom` for the ATOM backend (the default is SuperMQ's).
 */
import { UsersClient } from '../../src/index.ts';
import { fileTokenStore } from '../../src/node/index.ts';

const [baseUrl = '', storePath = '', label = 'w', backend] = process.argv.slice(2);
const users = new UsersClient({
  baseUrl,
  ...(backend === 'atom' && { backend }),
  tokenStore: fileTokenStore(storePath),
  retry: 0,
});
try {
  const me = await users.profile();
  const created = await users.create({
    first_name: 'worker',
    last_name: label,
    email: `${label}@example.com`,
    credentials: { username: label, secret: '12345678' },
  });
  await users.update(me.id, { metadata: { last: label } });
  await users.get(created.id);
  console.log(JSON.stringify({ ok: true }));
} catch (error) {
  console.log(
    JSON.stringify({
      ok: false,
      error: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown',
    }),
  );
  process.exitCode = 1;
}
