/**
 * Where the contract tests find the upstream OpenAPI file.
 *
 * @module
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The environment variable that names the OpenAPI file.
 *
 * @example
 * ```ts
 * process.env[specVariable] = '../shared/openapi/users.yaml';
 * ```
 */
export const specVariable = 'MAGISTRALA_OPENAPI';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The OpenAPI file named by `MAGISTRALA_OPENAPI`, or `undefined` when the variable is not set.
 *
 * @remarks
 * A relative value is taken from the repository root, as CI writes it (`../shared/openapi/users.yaml`). A value that
 * is set but empty still counts as set, so a broken CI setting fails instead of skipping.
 *
 * @example
 * ```ts
 * specPathFrom({ MAGISTRALA_OPENAPI: '../shared/openapi/users.yaml' }); // '/work/shared/openapi/users.yaml'
 * specPathFrom({}); // undefined
 * ```
 */
export function specPathFrom(environment: NodeJS.ProcessEnv): string | undefined {
  const value = environment[specVariable];
  return value === undefined ? undefined : resolve(repositoryRoot, value);
}
