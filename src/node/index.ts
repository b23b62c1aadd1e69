/**
 * `magistrala-users/node`: what only Node (and runtimes with its `node:` modules) can offer, kept out of
 * the main entry so that browser bundles never reach it.
 *
 * @example
 * ```ts
 * import { homedir } from 'node:os';
 * import { UsersClient } from 'magistrala-users';
 * import { fileTokenStore } from 'magistrala-users/node';
 *
 * const users = new UsersClient({
 *   baseUrl: 'http://localhost:9002',
 *   tokenStore: fileTokenStore(`${homedir()}/.config/my-app/session.json`),
 * });
 * ```
 *
 * @module magistrala-users/node
 */
export { type FileTokenStoreOptions, fileTokenStore } from './file-token-store.ts';
