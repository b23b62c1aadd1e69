/**
 * One GraphQL request to ATOM's `POST /graphql`, its failures mapped to the SDK's errors.
 *
 * @module
 */
import * as z from 'zod/mini';
import type { Auth, Http } from '../../http.ts';
import type { RequestOptions } from '../../types.ts';
import { graphqlStatus } from './graphql-status.ts';

/**
 * Sends a fixed document (one root field) with its variables and resolves with the root field's value, checked
 * against `schema`; `errors[]` in the HTTP 200 reply rejects with the error class its message stands for.
 *
 * @example
 * ```ts
 * const ok = await graphql(http, deleteEntityDocument, { id }, booleanSchema);
 * ```
 */
export function graphql<S extends z.ZodMiniType>(
  http: Http,
  query: string,
  variables: Record<string, unknown> | undefined,
  schema: S,
  options?: RequestOptions,
  auth: Auth = 'session',
): Promise<z.output<S>> {
  const field = /\{ (\w+)/.exec(query)?.[1] ?? '';
  // The root field's value replaces the parsed body once it has passed (`z.pipe` with `z.transform` would pull
  // more of zod core into the bundle for the same outcome).
  const reply = z.looseObject({ data: z.looseObject({ [field]: schema }) }).check(
    z.check((payload) => {
      payload.value = payload.value.data[field] as never;
    }),
  );
  // `variables: undefined` is left out of the JSON body.
  const json = { query, variables };
  return http.send({
    method: 'post',
    path: 'graphql',
    json,
    auth,
    reply,
    refusal: graphqlStatus,
    options,
  }) as Promise<z.output<S>>;
}
