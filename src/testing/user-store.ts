/**
 * The fake service's user table.
 *
 * @module
 */
import { isEmailAddress } from './email-address.ts';
import type { StoredUser } from './stored-user.ts';

/**
 * The users of one fake service, with the lookups the server's repository offers.
 *
 * @remarks
 * Records are returned by reference: route handlers change them in place, as an `UPDATE` would. Email and username
 * are unique across every status, soft-deleted users included, and compared exactly (case-sensitively).
 *
 * @example
 * ```ts
 * const users = new UserStore();
 * users.add(jane);
 * users.findEnabledByLogin('jane@example.com'); // jane, looked up by email
 * ```
 */
export class UserStore {
  readonly #users = new Map<string, StoredUser>();

  /** Stores a new user. */
  add(user: StoredUser): void {
    this.#users.set(user.id, user);
  }

  /** The user with `id`, whatever its status. */
  get(id: string): StoredUser | undefined {
    return this.#users.get(id);
  }

  /** Every user, in insertion order. */
  all(): StoredUser[] {
    return [...this.#users.values()];
  }

  /** The enabled user with `email`, as the password-reset lookup finds it. */
  findEnabledByEmail(email: string): StoredUser | undefined {
    return this.all().find((user) => user.status === 'enabled' && user.email === email);
  }

  /** The enabled user a login names: by email when `identity` parses as an address, by username otherwise. */
  findEnabledByLogin(identity: string): StoredUser | undefined {
    if (isEmailAddress(identity)) return this.findEnabledByEmail(identity);
    return this.all().find((user) => user.status === 'enabled' && user.username === identity);
  }

  /** Tells whether a user other than `exceptId` has `email`. */
  isEmailTaken(email: string, exceptId?: string): boolean {
    return this.all().some((user) => user.email === email && user.id !== exceptId);
  }

  /** Tells whether a user other than `exceptId` has `username`. */
  isUsernameTaken(username: string, exceptId?: string): boolean {
    return this.all().some((user) => user.username === username && user.id !== exceptId);
  }

  /** Forgets every user. */
  clear(): void {
    this.#users.clear();
  }
}
