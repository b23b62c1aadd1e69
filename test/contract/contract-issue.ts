/**
 * One way in which a recorded request or response disagrees with the OpenAPI file.
 *
 * @module
 */

/**
 * The part of a message an issue is about.
 *
 * - `route`: no operation in the file has this method and path.
 * - `security`: the `Authorization` header against the operation's `security`.
 * - `path`, `query`, `header`: parameters.
 * - `content-type`: the media type of a body.
 * - `body`: the JSON body, or a body where none is documented.
 * - `status`: the response status.
 *
 * @example
 * ```ts
 * const part: IssuePart = 'query';
 * ```
 */
export type IssuePart =
  | 'route'
  | 'security'
  | 'path'
  | 'query'
  | 'header'
  | 'content-type'
  | 'body'
  | 'status';

/**
 * What the checker found wrong, by keyword.
 *
 * @remarks
 * Schema failures keep Ajv's keyword (`required`, `additionalProperties`, `type`, `format`, …). The checker's own
 * findings use these:
 * - `unknown-route`: no operation matches.
 * - `missing-security`: the operation requires a bearer and none was sent.
 * - `undocumented-security`: a bearer was sent to an operation documented without security.
 * - `undocumented-status`: the status is not among the operation's responses.
 * - `undocumented-content-type`: the media type is not among the documented ones.
 * - `undocumented-body`: a body where the file documents none.
 * - `missing-body`: no body where the file documents one.
 * - `invalid-json`: a JSON body that does not parse.
 *
 * @example
 * ```ts
 * const keyword: IssueKeyword = 'undocumented-status';
 * ```
 */
export type IssueKeyword =
  | 'unknown-route'
  | 'missing-security'
  | 'undocumented-security'
  | 'undocumented-status'
  | 'undocumented-content-type'
  | 'undocumented-body'
  | 'missing-body'
  | 'invalid-json'
  | (string & {});

/**
 * One disagreement between a recorded exchange and the OpenAPI file.
 *
 * @remarks
 * Issues never carry values from the wire (tokens and passwords travel there): only names, locations and the
 * validator's wording.
 *
 * @example
 * ```ts
 * const issue: ContractIssue = {
 *   step: 'refresh', operation: 'refreshToken', side: 'response', status: 201,
 *   part: 'status', keyword: 'undocumented-status', pointer: '', message: '201 is not documented',
 * };
 * ```
 */
export interface ContractIssue {
  /** The scripted step that sent the request. */
  readonly step: string;
  /** The operation's `operationId` (`METHOD /path` for one that has none), or `METHOD /path` when none matched. */
  readonly operation: string;
  /** Whether the SDK's request or the fake service's response disagrees. */
  readonly side: 'request' | 'response';
  /** The response status, for response issues. */
  readonly status?: number;
  readonly part: IssuePart;
  readonly keyword: IssueKeyword;
  /** The property a `required` or `additionalProperties` failure names. */
  readonly property?: string;
  /** The label of the schema that failed (`User`, `RefreshTokensPage.refresh_tokens`), for body issues. */
  readonly schema?: string;
  /** Where in the part, as a JSON pointer with array indexes written `*`. */
  readonly pointer: string;
  /** The validator's wording. */
  readonly message: string;
}

/**
 * One line that says what an issue is and where it was found, for failure messages.
 *
 * @example
 * ```ts
 * describeIssue(issue); // 'refresh: refreshToken response 201 status undocumented-status — 201 is not documented'
 * ```
 */
export function describeIssue(issue: ContractIssue): string {
  const status = issue.status === undefined ? '' : ` ${issue.status}`;
  const where = [
    issue.part,
    issue.pointer,
    issue.schema && `in ${issue.schema}`,
    issue.property && `property ${issue.property}`,
  ]
    .filter(Boolean)
    .join(' ');
  return `${issue.step}: ${issue.operation} ${issue.side}${status} ${where} [${issue.keyword}] — ${issue.message}`;
}
