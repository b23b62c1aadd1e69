import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ContractIssue, describeIssue } from './contract-issue.ts';
import { expectedExceptions } from './exceptions.ts';
import type { Exchange } from './exchange-recorder.ts';
import { exceptionsMatching, unseenParts } from './expected-exception.ts';
import { runLifecycle } from './lifecycle.ts';
import { OpenApiContract } from './openapi-contract.ts';
import { specPathFrom, specVariable } from './spec-location.ts';

const specPath = specPathFrom(process.env);
const title =
  specPath === undefined
    ? `OpenAPI contract tests (skipped because ${specVariable} is not set)`
    : `the OpenAPI contract of ${specPath}`;
const base = 'http://localhost:9002';

// The default reporter lists a skipped file by its counts only; this line says why in any reporter.
if (specPath === undefined)
  console.warn(`${title}: point ${specVariable} at the upstream users.yaml to run them`);

describe.skipIf(specPath === undefined)(`the file that ${specVariable} names`, () => {
  it('exists', () => {
    expect(existsSync(specPath ?? ''), `${specVariable} names ${specPath}, which does not exist`).toBe(true);
  });
});
const someId = '26ae3198-6060-4308-824c-c846953b9898';

describe.skipIf(specPath === undefined)(title, () => {
  let contract: OpenApiContract;

  beforeAll(async () => {
    const file = specPath ?? '';
    if (!existsSync(file)) throw new Error(`${specVariable} names ${file}, which does not exist`);
    contract = await OpenApiContract.load(file);
  });

  describe('a scripted run of the SDK against the fake service', () => {
    let exchanges: readonly Exchange[];
    let issues: ContractIssue[];
    const unexpected = (side: ContractIssue['side']) =>
      issues
        .filter((issue) => issue.side === side && exceptionsMatching(issue, expectedExceptions).length === 0)
        .map(describeIssue);

    beforeAll(async () => {
      exchanges = await runLifecycle();
      issues = exchanges.flatMap((exchange) => contract.check(exchange));
    });

    it('sends a request through the SDK to every operation in the file', () => {
      const reached = new Set(
        exchanges
          .filter((exchange) => exchange.checkRequest)
          .map((exchange) => contract.operationOf(exchange.request)),
      );
      expect(contract.operationIds().filter((id) => !reached.has(id))).toEqual([]);
    });

    it('sends only requests that match the file, apart from the listed exceptions', () => {
      expect(unexpected('request')).toEqual([]);
    });

    it('gets only responses that match the file, apart from the listed exceptions', () => {
      expect(unexpected('response')).toEqual([]);
    });

    it('matches each issue to at most one listed exception', () => {
      const ambiguous = issues
        .map((issue) => ({ issue, ids: exceptionsMatching(issue, expectedExceptions).map(({ id }) => id) }))
        .filter(({ ids }) => ids.length > 1)
        .map(({ issue, ids }) => `${describeIssue(issue)} ⇐ ${ids.join(', ')}`);
      expect(ambiguous).toEqual([]);
    });

    it('meets every listed exception, with every operation, status and property it names', () => {
      const unseen = Object.fromEntries(
        expectedExceptions
          .map((exception) => [exception.id, unseenParts(exception, issues)] as const)
          .filter(([, parts]) => parts.length > 0),
      );
      expect(unseen).toEqual({});
    });
  });

  describe('the checker', () => {
    it('names every listed exception once, with a reason and a source', () => {
      const ids = expectedExceptions.map(({ id }) => id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const exception of expectedExceptions) {
        expect(exception.reason.length, exception.id).toBeGreaterThan(20);
        expect(exception.drift, exception.id).toMatch(/^api-contract §\d/);
      }
    });

    it('reports a response status the file does not document', () => {
      const issues = contract.check(exchange('GET', '/health', {}, { status: 418 }));
      expect(issues.map(describeIssue)).toEqual([
        'checker: health response 418 status [undocumented-status] — 418 is not documented',
      ]);
      expect(exceptionsMatching(onlyIssue(issues), expectedExceptions)).toEqual([]);
    });

    it('reports a request without the bearer the file requires', () => {
      const issues = contract.checkRequest(exchange('GET', '/users/profile', {}, { status: 200 }));
      expect(issues).toMatchObject([
        { operation: 'getProfile', part: 'security', keyword: 'missing-security' },
      ]);
      expect(exceptionsMatching(onlyIssue(issues), expectedExceptions)).toEqual([]);
    });

    it('reports a body field the file does not document, naming its schema', () => {
      const request = { headers: bearerJson, body: JSON.stringify({ tags: [], colour: 'red' }) };
      const issues = contract.checkRequest(
        exchange('PATCH', `/users/${someId}/tags`, request, { status: 200 }),
      );
      expect(issues).toMatchObject([
        {
          operation: 'updateTags',
          part: 'body',
          keyword: 'additionalProperties',
          property: 'colour',
          schema: 'UserTags',
        },
      ]);
    });

    it('reports a response body that breaks its schema', () => {
      const response = {
        status: 200,
        headers: json,
        body: JSON.stringify({ users: [], total: 'many', limit: 10 }),
      };
      const issues = contract.checkResponse(exchange('GET', '/users', { headers: bearerJson }, response));
      expect(issues).toMatchObject([
        { operation: 'listUsers', part: 'body', keyword: 'type', pointer: '/total' },
      ]);
    });

    it('reports a request to a path the file does not have', () => {
      const issues = contract.checkRequest(exchange('GET', '/groups', {}, { status: 404 }));
      expect(issues).toMatchObject([{ operation: 'GET /groups', part: 'route', keyword: 'unknown-route' }]);
    });

    it('keeps tokens and passwords out of what it reports', () => {
      const login = {
        headers: { authorization: 'Bearer secret-token-1' },
        body: '{"username":"u","password":"pw-9"}',
      };
      const issues = [
        ...contract.check(
          exchange('POST', '/users/tokens/issue', login, { status: 201, headers: json, body: '[]' }),
        ),
        ...contract.check(
          exchange('GET', '/health', { headers: { authorization: 'Bearer secret-token-2' } }, {}),
        ),
      ];
      const printed = JSON.stringify(issues) + issues.map(describeIssue).join('\n');
      expect(issues.length).toBeGreaterThan(2);
      expect(printed).not.toMatch(/secret-token|pw-9/);
    });
  });
});

const json = { 'content-type': 'application/json' };
const bearerJson = { authorization: 'Bearer a.b.c', ...json };

function exchange(
  method: string,
  path: string,
  request: { headers?: Record<string, string>; body?: string },
  response: { status?: number; headers?: Record<string, string>; body?: string },
): Exchange {
  return {
    step: 'checker',
    checkRequest: true,
    request: { method, url: `${base}${path}`, headers: request.headers ?? {}, body: request.body ?? '' },
    response: { status: response.status ?? 200, headers: response.headers ?? {}, body: response.body ?? '' },
  };
}

function onlyIssue(issues: readonly ContractIssue[]): ContractIssue {
  expect(issues).toHaveLength(1);
  const [issue] = issues;
  if (!issue) throw new Error('no issue');
  return issue;
}
