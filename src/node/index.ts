/**
 * `magistrala-users/node`: what only Node (and runtimes with its `node:` modules) can offer, kept out of
 * the main entry so that browser bundles never reach it.
 *
 * @module
 */
export { type FileTokenStoreOptions, fileTokenStore } from './file-token-store.ts';
