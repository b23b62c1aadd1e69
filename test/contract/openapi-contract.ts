/**
 * `OpenApiContract`: checks recorded requests and responses against an OpenAPI 3.0 file.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import {
  type Request as BackendRequest,
  type Document,
  OpenAPIBackend,
  type Operation,
  ValidationContext,
  type ValidationResult,
} from 'openapi-backend';
import { parse } from 'yaml';
import type { ContractIssue, IssuePart } from './contract-issue.ts';
import type { Exchange, ReceivedResponse, SentRequest } from './exchange-recorder.ts';
import { openApiFormats } from './formats.ts';
import { prepareDocument } from './prepare-document.ts';

type AjvError = NonNullable<ValidationResult['errors']>[number];
type JsonRecord = Record<string, unknown>;
type ResponseAjv = ReturnType<OpenAPIBackend['validator']['getAjv']>;
type SchemaCheck = ReturnType<ResponseAjv['compile']>;
type Finding = Omit<ContractIssue, 'step' | 'operation' | 'side' | 'status'>;

const bearer = /^Bearer \S+$/;
const parameterParts: Record<string, IssuePart> = {
  path: 'path',
  query: 'query',
  header: 'header',
  cookie: 'header',
  requestBody: 'body',
};

/**
 * An OpenAPI 3.0 file, ready to check exchanges against.
 *
 * @remarks
 * Requests are routed and validated by openapi-backend (path, query and header parameters, body schema), plus the
 * checks it leaves out: the bearer against the operation's `security` (or the file's global one), and a body or
 * media type the operation does not document. Responses are checked here: the status must be documented, a
 * documented body must come with a documented media type and match its schema, and an undocumented body must not
 * be there at all. Objects are closed first (see {@link prepareDocument}), so undocumented fields are reported.
 *
 * @example
 * ```ts
 * const contract = await OpenApiContract.load('/work/shared/openapi/users.yaml');
 * const issues = recorder.exchanges.flatMap((exchange) => contract.check(exchange));
 * ```
 */
export class OpenApiContract {
  readonly #api: OpenAPIBackend;
  readonly #globalSecurity: unknown;
  readonly #responseAjv: ResponseAjv;
  readonly #schemaChecks = new Map<object, SchemaCheck>();

  private constructor(api: OpenAPIBackend, globalSecurity: unknown) {
    this.#api = api;
    this.#globalSecurity = globalSecurity;
    this.#responseAjv = api.validator.getAjv(ValidationContext.Response);
  }

  /**
   * Reads, validates and prepares the YAML or JSON file at `file`.
   *
   * @remarks
   * Rejects when the file is missing, is not an OpenAPI 3.0 document, or names a security scheme other than an HTTP
   * bearer (the only kind the bearer check understands).
   */
  static async load(file: string): Promise<OpenApiContract> {
    const document: unknown = parse(await readFile(file, 'utf8'));
    if (!isRecord(document) || typeof document.openapi !== 'string' || !document.openapi.startsWith('3.0.')) {
      throw new Error(`${file} is not an OpenAPI 3.0 document`);
    }
    requireBearerSchemes(document, file);
    prepareDocument(document);
    const api = new OpenAPIBackend({
      // The shape was checked above; openapi-backend validates the rest in strict mode and throws.
      definition: document as unknown as Document,
      strict: true,
      ajvOpts: { allErrors: true, verbose: true, formats: openApiFormats },
    });
    await api.init();
    return new OpenApiContract(api, document.security);
  }

  /** The id of every operation in the file (`METHOD /path` for those without one). */
  operationIds(): string[] {
    return this.#api.router.getOperations().flatMap((operation) => operation.operationId ?? []);
  }

  /** The id of the operation `request` is routed to, or `undefined` when none matches. */
  operationOf(request: SentRequest): string | undefined {
    return this.#api.router.matchOperation(backendRequest(request))?.operationId;
  }

  /** Checks both sides of `exchange` (only its response when the request was malformed on purpose). */
  check(exchange: Exchange): ContractIssue[] {
    if (exchange.checkRequest) return [...this.checkRequest(exchange), ...this.checkResponse(exchange)];
    const unrouted = this.checkRequest(exchange).filter((issue) => issue.keyword === 'unknown-route');
    return [...unrouted, ...this.checkResponse(exchange)];
  }

  /** Checks the request of `exchange`: route, security, parameters, media type and body. */
  checkRequest(exchange: Exchange): ContractIssue[] {
    const request = backendRequest(exchange.request);
    const operation = this.#api.router.matchOperation(request);
    const label = operation?.operationId ?? `${exchange.request.method} ${request.path}`;
    const issue = (finding: Finding): ContractIssue => ({
      step: exchange.step,
      operation: label,
      side: 'request',
      ...finding,
    });
    if (!operation)
      return [issue(ownFinding('route', 'unknown-route', 'no operation has this method and path'))];
    const validation = this.#api.validator.validateRequest(request, operation);
    return [
      ...this.#securityFindings(operation, exchange.request),
      ...requestBodyFindings(operation, exchange.request),
      ...(validation.errors ?? []).map(requestFinding),
    ].map(issue);
  }

  /** Checks the response of `exchange`: documented status, documented headers, media type and body. */
  checkResponse(exchange: Exchange): ContractIssue[] {
    const request = backendRequest(exchange.request);
    const operation = this.#api.router.matchOperation(request);
    if (!operation) return [];
    const { status } = exchange.response;
    return this.#responseFindings(operation, exchange.response).map((finding) => ({
      step: exchange.step,
      operation: operation.operationId ?? `${exchange.request.method} ${request.path}`,
      side: 'response',
      status,
      ...finding,
    }));
  }

  #securityFindings(operation: Operation, request: SentRequest): Finding[] {
    const requirements = operation.security ?? this.#globalSecurity;
    const open =
      !Array.isArray(requirements) || requirements.length === 0 || requirements.some(isEmptyRecord);
    const authorization = request.headers.authorization;
    if (open && authorization !== undefined) {
      return [
        ownFinding(
          'security',
          'undocumented-security',
          'a bearer was sent, but the operation has no security',
        ),
      ];
    }
    if (!open && !bearer.test(authorization ?? '')) {
      return [
        ownFinding('security', 'missing-security', 'the operation requires a bearer, and none was sent'),
      ];
    }
    return [];
  }

  #responseFindings(operation: Operation, response: ReceivedResponse): Finding[] {
    const documented = documentedResponse(recordOf(operation.responses), response.status);
    if (!documented) {
      return [ownFinding('status', 'undocumented-status', `${response.status} is not documented`)];
    }
    return [...this.#headerFindings(documented, response), ...this.#contentFindings(documented, response)];
  }

  // OpenAPI response headers are optional unless `required`; one that is sent must match its schema.
  #headerFindings(documented: JsonRecord, response: ReceivedResponse): Finding[] {
    return Object.entries(recordOf(documented.headers)).flatMap(([name, header]) => {
      const value = response.headers[name.toLowerCase()];
      const { schema, required } = recordOf(header);
      if (value === undefined) {
        return required === true
          ? [{ ...ownFinding('header', 'required', `${name} is missing`), property: name }]
          : [];
      }
      if (!isRecord(schema)) return [];
      const check = this.#schemaCheck(schema);
      check(value);
      return (check.errors ?? []).map((error) => ({ ...schemaFinding('header', error, ''), property: name }));
    });
  }

  #contentFindings(documented: JsonRecord, response: ReceivedResponse): Finding[] {
    const content = recordOf(documented.content);
    if (Object.keys(content).length === 0) {
      return response.body === ''
        ? []
        : [ownFinding('body', 'undocumented-body', 'a body was sent, but the response documents none')];
    }
    if (response.body === '') return [ownFinding('body', 'missing-body', 'the documented body is missing')];
    const mediaType = mediaTypeOf(response.headers['content-type']);
    const media = content[mediaType];
    if (!isRecord(media)) {
      return [
        ownFinding(
          'content-type',
          'undocumented-content-type',
          `${mediaType || 'no media type'} is not documented`,
        ),
      ];
    }
    return this.#bodyFindings(media.schema, mediaType, response.body);
  }

  #bodyFindings(schema: unknown, mediaType: string, body: string): Finding[] {
    if (!isRecord(schema) || !isJson(mediaType)) return [];
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return [ownFinding('body', 'invalid-json', 'the body is not JSON')];
    }
    const check = this.#schemaCheck(schema);
    check(value);
    return (check.errors ?? []).map((error) => schemaFinding('body', error, error.instancePath));
  }

  #schemaCheck(schema: JsonRecord): SchemaCheck {
    let check = this.#schemaChecks.get(schema);
    if (!check) {
      check = this.#responseAjv.compile(schema);
      this.#schemaChecks.set(schema, check);
    }
    return check;
  }
}

function backendRequest(request: SentRequest): BackendRequest {
  const url = new URL(request.url);
  return {
    method: request.method.toLowerCase(),
    path: url.pathname,
    query: url.search.slice(1),
    headers: { ...request.headers },
    ...(request.body !== '' && { body: request.body }),
  };
}

function requestBodyFindings(operation: Operation, request: SentRequest): Finding[] {
  if (request.body === '') return [];
  const content = recordOf(recordOf(operation.requestBody).content);
  if (Object.keys(content).length === 0) {
    return [ownFinding('body', 'undocumented-body', 'a body was sent, but the operation documents none')];
  }
  const mediaType = mediaTypeOf(request.headers['content-type']);
  return mediaType in content
    ? []
    : [
        ownFinding(
          'content-type',
          'undocumented-content-type',
          `${mediaType || 'no media type'} is not documented`,
        ),
      ];
}

// openapi-backend validates one object { path, query, header, cookie, requestBody }: the first pointer segment says
// which part of the request failed.
function requestFinding(error: AjvError): Finding {
  const [, head = '', ...rest] = error.instancePath.split('/');
  const missing = typeof error.params.missingProperty === 'string' ? error.params.missingProperty : '';
  if (head === '' && error.keyword === 'required' && missing === 'requestBody') {
    return ownFinding('body', 'missing-body', 'the documented body is missing');
  }
  if (error.keyword === 'parse')
    return ownFinding(head === 'query' ? 'query' : 'body', 'invalid-json', 'not JSON');
  const part = parameterParts[head === '' ? missing : head] ?? 'body';
  return schemaFinding(part, error, rest.length > 0 ? `/${rest.join('/')}` : '');
}

function schemaFinding(part: IssuePart, error: AjvError, pointer: string): Finding {
  const property = error.params.additionalProperty ?? error.params.missingProperty;
  const title: unknown = isRecord(error.parentSchema) ? error.parentSchema.title : undefined;
  return {
    part,
    keyword: error.keyword,
    pointer: pointer.replace(/\/\d+(?=\/|$)/g, '/*'),
    message: error.message ?? error.keyword,
    ...(typeof property === 'string' && { property }),
    ...(typeof title === 'string' && { schema: title }),
  };
}

function ownFinding(part: IssuePart, keyword: string, message: string): Finding {
  return { part, keyword, pointer: '', message };
}

function documentedResponse(responses: JsonRecord, status: number): JsonRecord | undefined {
  const found = responses[String(status)] ?? responses[`${Math.floor(status / 100)}XX`] ?? responses.default;
  return isRecord(found) ? found : undefined;
}

function requireBearerSchemes(document: JsonRecord, file: string): void {
  const schemes = recordOf(recordOf(document.components).securitySchemes);
  for (const [name, scheme] of Object.entries(schemes)) {
    const { type, scheme: kind } = recordOf(scheme);
    if (type !== 'http' || String(kind).toLowerCase() !== 'bearer') {
      throw new Error(
        `${file}: security scheme ${name} is not an HTTP bearer scheme, which this checker needs`,
      );
    }
  }
}

function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmptyRecord(value: unknown): boolean {
  return isRecord(value) && Object.keys(value).length === 0;
}

function recordOf(value: unknown): JsonRecord {
  return isRecord(value) ? value : {};
}
