/**
 * Readies a parsed OpenAPI document for strict checking: every operation named, every documented object closed.
 *
 * @module
 */

/** A JSON object as the YAML parser returns it. */
type JsonRecord = Record<string, unknown>;

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Names every operation and closes every documented object schema, in place.
 *
 * @remarks
 * - An operation without an `operationId` (the file's `DELETE /users/{userID}`) gets `METHOD /path`, because the
 *   validator finds operations by id.
 * - Every object schema of a request or response body that lists `properties` and says nothing about
 *   `additionalProperties` gets `additionalProperties: false`. Plain validation lets undocumented fields through;
 *   closing the objects makes every field on the wire either documented or a listed exception, which is how the
 *   fields the file lacks (`role`, `verified_at`, `instance_id`, …) show up. Free-form objects (`metadata`) have no
 *   `properties` and stay open. Parameters are left alone.
 * - Every such schema gets a `title` naming where it sits (`User`, `User.credentials`,
 *   `RefreshTokensPage.refresh_tokens`, `responses.TokenRes`), so a failure can say which schema it is in.
 *
 * @example
 * ```ts
 * const document = parse(await readFile(file, 'utf8'));
 * prepareDocument(document);
 * ```
 */
export function prepareDocument(document: JsonRecord): void {
  const components = recordAt(document, 'components');
  for (const [name, schema] of entriesAt(components, 'schemas')) closeSchema(schema, name);
  for (const [name, body] of entriesAt(components, 'requestBodies'))
    closeContent(body, `requestBodies.${name}`);
  for (const [name, response] of entriesAt(components, 'responses'))
    closeContent(response, `responses.${name}`);
  for (const [path, item] of entriesAt(document, 'paths')) {
    for (const method of methods) {
      const operation = recordOf(item)[method];
      if (!isRecord(operation)) continue;
      if (typeof operation.operationId !== 'string')
        operation.operationId = `${method.toUpperCase()} ${path}`;
      closeContent(operation.requestBody, `${operation.operationId} request`);
      for (const [status, response] of entriesAt(operation, 'responses')) {
        closeContent(response, `${operation.operationId} ${status}`);
      }
    }
  }
}

function closeContent(holder: unknown, label: string): void {
  for (const [, media] of entriesAt(recordOf(holder), 'content')) closeSchema(recordOf(media).schema, label);
}

function closeSchema(node: unknown, label: string): void {
  if (!isRecord(node) || '$ref' in node) return;
  node.title ??= label;
  if (isRecord(node.properties)) {
    node.additionalProperties ??= false;
    for (const [name, property] of Object.entries(node.properties)) closeSchema(property, `${label}.${name}`);
  }
  closeSchema(node.items, `${label}[]`);
  if (isRecord(node.additionalProperties)) closeSchema(node.additionalProperties, `${label}{}`);
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordOf(value: unknown): JsonRecord {
  return isRecord(value) ? value : {};
}

function recordAt(holder: JsonRecord, key: string): JsonRecord {
  return recordOf(holder[key]);
}

function entriesAt(holder: JsonRecord, key: string): [string, unknown][] {
  return Object.entries(recordAt(holder, key));
}
