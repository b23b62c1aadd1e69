/**
 * The known disagreements between the upstream OpenAPI file and the server's code, as the contract run meets them.
 *
 * @remarks
 * Where the file and the code disagree, the code wins (`api-contract.md` §6); the SDK and the fake service follow
 * the code, so these are the issues the contract run must find, each listed once with its reason.
 *
 * Items of §6 with no entry here, because they cannot show up as a validation issue in this run:
 * - §6.2 (409 documented, 400/422 sent): both codes the code sends are documented too.
 * - §6.5 `auth_provider`: only OAuth users carry it, and the SDK cannot create one.
 * - §6.11 (reset body `token`): the file's `token` is optional, so leaving it out is valid; the SDK sends the bearer,
 *   which the file's global security allows.
 * - §6.13 (revoke 404), §6.15 (secret 404), §6.17 (send-verification 415, verify-email 500): statuses the file
 *   documents but the code never sends (or sends only for expired links) are not violations.
 * - §6.16: the SDK always sends `profile_picture` and a `role` of `admin` or `user`.
 * - §6.19: PATs and the verified-email gate are prose, not schema.
 *
 * @module
 */
import type { ExpectedException } from './expected-exception.ts';

const userReplies = [
  'createUser',
  'getProfile',
  'getUser',
  'updateUser',
  'updateTags',
  'updateEmail',
  'updateUsername',
  'updateProfilePicture',
  'updateRole',
  'updateSecret',
  'enableUser',
  'disableUser',
  'listUsers',
  'searchUsers',
];

/**
 * Every disagreement the contract run is expected to meet; any other issue fails the run.
 *
 * @example
 * ```ts
 * const unexpected = issues.filter((issue) => exceptionsMatching(issue, expectedExceptions).length === 0);
 * ```
 */
export const expectedExceptions: readonly ExpectedException[] = [
  {
    id: 'create-with-admin-bearer',
    drift: 'api-contract §6.1',
    reason:
      'The file gives POST /users `security: []`; the code needs an admin bearer unless self-registration is on, ' +
      'so an admin creating a user sends one.',
    patterns: [
      { operations: ['createUser'], side: 'request', part: 'security', keyword: 'undocumented-security' },
    ],
  },
  {
    id: 'refresh-replies-201',
    drift: 'api-contract §6.3',
    reason: 'The file documents 200 for a refresh; the code answers 201.',
    patterns: [
      {
        operations: ['refreshToken'],
        side: 'response',
        part: 'status',
        keyword: 'undocumented-status',
        statuses: [201],
      },
    ],
  },
  {
    id: 'error-bodies',
    drift: 'api-contract §6.4',
    reason:
      'The code answers every 4xx with a JSON `{"message": …}` body; the file documents these statuses with a ' +
      'description only (its Error schema, `{"error": …}`, is used for 500 alone).',
    patterns: [
      {
        operations: ['getUser', 'getProfile', 'createUser', 'issueToken', 'enableUser'],
        side: 'response',
        part: 'body',
        keyword: 'undocumented-body',
        statuses: [400, 401, 404, 415, 422],
      },
    ],
  },
  {
    id: 'user-fields',
    drift: 'api-contract §6.5',
    reason: 'The User schema lacks `role`, `verified_at` and `updated_by`, which the code sends (§5).',
    patterns: [
      {
        operations: userReplies,
        side: 'response',
        part: 'body',
        keyword: 'additionalProperties',
        statuses: [200, 201],
        schema: 'User',
        properties: ['role', 'verified_at', 'updated_by'],
      },
    ],
  },
  {
    id: 'users-page-limit',
    drift: 'api-contract §6.6',
    reason:
      'UsersPage requires `limit`; the code leaves it out when it is 0, which search (no range check) allows.',
    patterns: [
      {
        operations: ['searchUsers'],
        side: 'response',
        part: 'body',
        keyword: 'required',
        statuses: [200],
        schema: 'UsersPage',
        properties: ['limit'],
      },
    ],
  },
  {
    id: 'search-id-query',
    drift: 'api-contract §6.7',
    reason:
      'Search lists a path parameter `userID` on a path that has none; the code reads the query parameter `id`.',
    patterns: [
      {
        operations: ['searchUsers'],
        side: 'request',
        part: 'path',
        keyword: 'required',
        properties: ['userID'],
      },
      {
        operations: ['searchUsers'],
        side: 'request',
        part: 'query',
        keyword: 'additionalProperties',
        properties: ['id'],
      },
    ],
  },
  {
    id: 'search-order-dir',
    drift: 'api-contract §6.7',
    reason: 'Search omits `order` and `dir`, which the code reads.',
    patterns: [
      {
        operations: ['searchUsers'],
        side: 'request',
        part: 'query',
        keyword: 'additionalProperties',
        properties: ['order', 'dir'],
      },
    ],
  },
  {
    id: 'list-id-filter',
    drift: 'api-contract §6.8',
    reason: 'List does not document the `id` filter, which the code reads (§1.4).',
    patterns: [
      {
        operations: ['listUsers'],
        side: 'request',
        part: 'query',
        keyword: 'additionalProperties',
        properties: ['id'],
      },
    ],
  },
  {
    id: 'login-description',
    drift: 'api-contract §6.9',
    reason: 'IssueToken lacks `description`, which the code stores as the refresh session label (§4).',
    patterns: [
      {
        operations: ['issueToken'],
        side: 'request',
        part: 'body',
        keyword: 'additionalProperties',
        schema: 'IssueToken',
        properties: ['description'],
      },
    ],
  },
  {
    id: 'reset-request-referer',
    drift: 'api-contract §6.10',
    reason:
      'The file requires a `Referer` header on reset-request; the code ignores it (removed 2025-09-01).',
    patterns: [
      {
        operations: ['requestPasswordReset'],
        side: 'request',
        part: 'header',
        keyword: 'required',
        properties: ['referer'],
      },
    ],
  },
  {
    id: 'password-reply-bodies',
    drift: 'api-contract §6.12',
    reason:
      'Reset-request answers 201 `{"msg": …}` and reset 201 `{}`; the file documents neither body (§1.2 #22, #23).',
    patterns: [
      {
        operations: ['requestPasswordReset', 'resetPassword'],
        side: 'response',
        part: 'body',
        keyword: 'undocumented-body',
        statuses: [201],
      },
    ],
  },
  {
    id: 'refresh-tokens-null',
    drift: 'api-contract §6.14',
    reason:
      'RefreshTokensPage requires an array; the code sends `"refresh_tokens": null` when there are none.',
    patterns: [
      {
        operations: ['listActiveRefreshTokens'],
        side: 'response',
        part: 'body',
        keyword: 'type',
        statuses: [200],
        schema: 'RefreshTokensPage.refresh_tokens',
        pointer: '/refresh_tokens',
      },
    ],
  },
  {
    id: 'health-instance-id',
    drift: 'api-contract §6.18',
    reason: 'HealthRes lacks `instance_id`, which the code sends.',
    patterns: [
      {
        operations: ['health'],
        side: 'response',
        part: 'body',
        keyword: 'additionalProperties',
        statuses: [200],
        schema: 'HealthRes',
        properties: ['instance_id'],
      },
    ],
  },
  {
    id: 'create-role',
    drift: 'api-contract §6.20',
    reason: 'The create schema does not mention `role`, which the code accepts (§1.2 #1, §1.3).',
    patterns: [
      {
        operations: ['createUser'],
        side: 'request',
        part: 'body',
        keyword: 'additionalProperties',
        schema: 'UserReqObj',
        properties: ['role'],
      },
    ],
  },
  {
    id: 'public-operations-inherit-bearer',
    drift: 'api-contract §1.2 (auth "–"); not yet in §6',
    reason:
      'Login, reset-request and verify-email have no `security` of their own, so they inherit the file-wide bearer ' +
      'requirement; the code needs no token for them.',
    patterns: [
      {
        operations: ['issueToken', 'requestPasswordReset', 'verifyEmail'],
        side: 'request',
        part: 'security',
        keyword: 'missing-security',
      },
    ],
  },
  {
    id: 'email-filter-substring',
    drift: 'api-contract §1.4 (`email`); not yet in §6',
    reason:
      'The file gives the list filter `email` the `email` format; the code matches any case-insensitive substring, ' +
      'so a part of an address such as `example.com` is a valid filter.',
    patterns: [
      {
        operations: ['listUsers'],
        side: 'request',
        part: 'query',
        keyword: 'format',
        pointer: '/email',
      },
    ],
  },
  {
    id: 'metadata-query-json',
    drift: 'api-contract §1.4 (`metadata`); not yet in §6',
    reason:
      'The file types the `metadata` query parameter as an object in the default form style (`key=value` pairs); ' +
      'the code reads one URL-encoded JSON object, so the value is a JSON string.',
    patterns: [
      {
        operations: ['listUsers'],
        side: 'request',
        part: 'query',
        keyword: 'type',
        pointer: '/metadata',
      },
    ],
  },
];
