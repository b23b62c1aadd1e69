/**
 * Known disagreements between the OpenAPI file and the real server, and how an issue is matched to one.
 *
 * @module
 */
import type { ContractIssue, IssueKeyword, IssuePart } from './contract-issue.ts';

/**
 * The issues one known disagreement produces, described precisely.
 *
 * @remarks
 * An issue matches when it has one of `operations`, the same `side`, `part` and `keyword`, and, where the pattern
 * gives them, one of `statuses`, one of `properties`, the same `schema` and the same `pointer`. Every operation,
 * status and property listed must also be seen at least once (see {@link unseenParts}), so the list cannot rot.
 *
 * @example
 * ```ts
 * const refreshStatus: IssuePattern = {
 *   operations: ['refreshToken'], side: 'response', part: 'status', keyword: 'undocumented-status', statuses: [201],
 * };
 * ```
 */
export interface IssuePattern {
  readonly operations: readonly string[];
  readonly side: ContractIssue['side'];
  readonly part: IssuePart;
  readonly keyword: IssueKeyword;
  readonly statuses?: readonly number[];
  readonly properties?: readonly string[];
  readonly schema?: string;
  readonly pointer?: string;
}

/**
 * One disagreement between the OpenAPI file and the server's code, expected to show up in the contract run.
 *
 * @example
 * ```ts
 * const exception: ExpectedException = {
 *   id: 'refresh-status', drift: 'api-contract §6.3', reason: 'The code answers a refresh with 201, the file says 200.',
 *   patterns: [refreshStatus],
 * };
 * ```
 */
export interface ExpectedException {
  /** A short unique name. */
  readonly id: string;
  /** Where `api-contract.md` records it (`api-contract §6.3`). */
  readonly drift: string;
  /** Why the server, not the file, is right here. */
  readonly reason: string;
  readonly patterns: readonly IssuePattern[];
}

/**
 * Tells whether `issue` is one of the issues `pattern` describes.
 *
 * @example
 * ```ts
 * matchesPattern(issue, refreshStatus); // true for a 201 from refreshToken
 * ```
 */
export function matchesPattern(issue: ContractIssue, pattern: IssuePattern): boolean {
  return (
    pattern.operations.includes(issue.operation) &&
    pattern.side === issue.side &&
    pattern.part === issue.part &&
    pattern.keyword === issue.keyword &&
    (pattern.statuses === undefined ||
      (issue.status !== undefined && pattern.statuses.includes(issue.status))) &&
    (pattern.properties === undefined ||
      (issue.property !== undefined && pattern.properties.includes(issue.property))) &&
    (pattern.schema === undefined || pattern.schema === issue.schema) &&
    (pattern.pointer === undefined || pattern.pointer === issue.pointer)
  );
}

/**
 * The exceptions whose patterns `issue` matches (none for an unexpected issue; more than one is a listing error).
 *
 * @example
 * ```ts
 * const unexpected = issues.filter((issue) => exceptionsMatching(issue, expectedExceptions).length === 0);
 * ```
 */
export function exceptionsMatching(
  issue: ContractIssue,
  exceptions: readonly ExpectedException[],
): ExpectedException[] {
  return exceptions.filter((exception) =>
    exception.patterns.some((pattern) => matchesPattern(issue, pattern)),
  );
}

/**
 * What `exception` lists but no issue showed: operations, statuses and properties of each pattern never seen.
 *
 * @example
 * ```ts
 * unseenParts(exception, issues); // [] when the run hit everything the exception names
 * ```
 */
export function unseenParts(exception: ExpectedException, issues: readonly ContractIssue[]): string[] {
  return exception.patterns.flatMap((pattern, index) => {
    const seen = issues.filter((issue) => matchesPattern(issue, pattern));
    const missing = (
      what: string,
      listed: readonly (string | number)[] | undefined,
      found: (string | number)[],
    ) =>
      (listed ?? [])
        .filter((value) => !found.includes(value))
        .map((value) => `pattern ${index}: ${what} ${value}`);
    return [
      ...(seen.length === 0 ? [`pattern ${index}: never matched`] : []),
      ...missing(
        'operation',
        pattern.operations,
        seen.map((issue) => issue.operation),
      ),
      ...missing(
        'status',
        pattern.statuses,
        seen.flatMap((issue) => issue.status ?? []),
      ),
      ...missing(
        'property',
        pattern.properties,
        seen.flatMap((issue) => issue.property ?? []),
      ),
    ];
  });
}
