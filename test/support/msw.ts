import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * The msw server for test files that script HTTP edge cases. Importing this module installs it for that
 * file only: unhandled requests fail the test, and per-test handlers are reset after each test.
 */
export const server = setupServer();

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
