/**
 * The string formats the users OpenAPI file names, as checks the validator can run.
 *
 * @module
 */
import type { Options } from 'openapi-backend';

/** Ajv's format table, as openapi-backend passes it through. */
type FormatTable = NonNullable<NonNullable<Options['ajvOpts']>['formats']>;

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const jwt = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const email = /^[^\s@<>]+@[^\s@<>]+$/;

/**
 * Checks for every `format` the file uses, so that none is skipped with a warning.
 *
 * @remarks
 * `date-time` is RFC 3339 (what the server sends); `uuid` any RFC 4122 layout; `jwt` three base64url segments;
 * `url` anything that resolves as a URL reference (the `Location` header is relative). The file also writes
 * `format: string` on `status`, which names no format: it accepts every string.
 *
 * @example
 * ```ts
 * new OpenAPIBackend({ definition, ajvOpts: { formats: openApiFormats } });
 * ```
 */
export const openApiFormats: FormatTable = {
  'date-time': rfc3339,
  uuid,
  jwt,
  email,
  url: (value: string) => URL.canParse(value, 'http://relative.invalid/'),
  string: true,
};
