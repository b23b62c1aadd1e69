/**
 * What each kind of failure looks like to the caller.
 *
 *   npx tsx examples/error-handling.ts
 */
import {
  ApiError,
  ConnectionError,
  InputValidationError,
  NotFoundError,
  SessionExpiredError,
  UsersClient,
} from 'magistrala-users';
import { createFakeUsersService } from 'magistrala-users/testing';

const service = createFakeUsersService();
const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch, retry: 0 });
await users.login({ username: 'admin', password: '12345678' });

async function show(title: string, call: () => Promise<unknown>) {
  try {
    await call();
    console.log(`${title}: ok`);
  } catch (error) {
    if (error instanceof InputValidationError)
      console.log(`${title}: bad input, nothing sent:`, error.issues);
    else if (error instanceof NotFoundError) console.log(`${title}: not found (${error.serverMessage})`);
    else if (error instanceof ApiError) console.log(`${title}: ${error.status} ${error.serverMessage}`);
    else if (error instanceof SessionExpiredError) console.log(`${title}: log in again (${error.message})`);
    else if (error instanceof ConnectionError) console.log(`${title}: offline (${error.message})`);
    else throw error;
  }
}

await show('a missing user', () => users.get('no-such-id'));
await show('a bad page size', () => users.list({ limit: 500 }));
await show('a duplicate username', () =>
  users.create({
    first_name: 'A',
    last_name: 'B',
    email: 'x@example.com',
    credentials: { username: 'admin', secret: '12345678' },
  }),
);
service.fail({ path: '/users/profile' }, { kind: 'drop' });
await show('the network drops', () => users.profile());
service.fail({ path: '/users/profile' }, { kind: 'status', status: 401, body: { message: 'token revoked' } });
service.fail(
  { path: '/users/tokens/refresh' },
  { kind: 'status', status: 401, body: { message: 'session revoked' } },
);
await show('the session is revoked', () => users.profile());
