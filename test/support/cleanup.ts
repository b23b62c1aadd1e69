import { afterEach } from 'vitest';

/** Steps that undo what a test set up (close a server, remove a directory, dispose a client). */
export interface Cleanup {
  /** Adds steps to run after the current test. */
  push(...steps: Array<() => unknown>): void;
}

/**
 * After each test, runs every step pushed during it, all at once, and starts the next test with none.
 * Call it at the top level of a test file.
 */
export function useCleanup(): Cleanup {
  let steps: Array<() => unknown> = [];
  afterEach(async () => {
    const due = steps;
    steps = [];
    await Promise.all(due.map((step) => step()));
  });
  return { push: (...more) => void steps.push(...more) };
}
