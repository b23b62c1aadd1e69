import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/report-error.ts';
import { UsageError } from '../../src/cli/usage-error.ts';
import {
  errorFromResponse,
  InputValidationError,
  ResponseValidationError,
  SessionExpiredError,
} from '../../src/index.ts';

function report(
  error: unknown,
  topic?: Parameters<typeof reportError>[1],
): { status: number; stderr: string } {
  let stderr = '';
  const status = reportError(error, topic, { write: (text) => (stderr += text) });
  return { status, stderr };
}

describe('reportError', () => {
  it('prints a usage error with every usage it names, aligned, and returns 2', () => {
    expect(report(new UsageError('wrong', ['enable', 'disable']))).toEqual({
      status: 2,
      stderr:
        'error: wrong\nusage: magistrala-users <id> enable [<token>]\n       magistrala-users <id> disable [<token>]\n',
    });
  });

  it('points to --help when a usage error names no usage', () => {
    expect(report(new UsageError('--url needs a value')).stderr).toBe(
      'error: --url needs a value\nrun "magistrala-users --help" for the commands\n',
    );
  });

  it('lists input issues one a line with the failed command usage, and returns 2', () => {
    const error = new InputValidationError([
      { path: 'email', message: 'must be an email address' },
      { path: '', message: 'nothing to update' },
    ]);
    expect(report(error, 'health')).toEqual({
      status: 2,
      stderr:
        'error: invalid input\n  email: must be an email address\n  nothing to update\nusage: magistrala-users health\n',
    });
  });

  it('prints an API error message, which holds the server message, and returns 1', () => {
    const error = errorFromResponse({
      status: 409,
      body: { message: 'entity already exists' },
      method: 'POST',
      url: 'http://localhost:9002/users',
    });
    expect(report(error, 'create')).toEqual({
      status: 1,
      stderr: 'error: POST /users failed with 409: entity already exists\n',
    });
  });

  it('adds how to log in again to an ended session', () => {
    const { status, stderr } = report(new SessionExpiredError('The session has expired: log in again'));
    expect(status).toBe(1);
    expect(stderr).toBe(
      'error: The session has expired: log in again\n' +
        'log in with "magistrala-users token <username|email>" (it asks for the password), or give the command a <token>\n',
    );
  });

  it('prints a reply that did not match with its issues, and returns 1', () => {
    const error = new ResponseValidationError(
      [{ path: 'id', message: 'expected string' }],
      'GET',
      'http://h/users/1',
    );
    expect(report(error, 'get')).toEqual({
      status: 1,
      stderr: 'error: Unexpected reply to GET /users/1: id: expected string\n',
    });
  });

  it('prints only the message of any other error, and a fixed text for a thrown non-error', () => {
    expect(report(new Error('EACCES: permission denied'))).toEqual({
      status: 1,
      stderr: 'error: EACCES: permission denied\n',
    });
    expect(report({ token: 'secret-token' })).toEqual({ status: 1, stderr: 'error: unexpected failure\n' });
  });
});
