import { describe, expect, it } from 'vitest';
import { runCli } from './support.ts';

// No service runs here: every case must finish before a request would be sent.
const env = {
  MAGISTRALA_USERS_URL: 'http://127.0.0.1:9',
  MAGISTRALA_USERS_SESSION: '/nonexistent/session.json',
};

describe('main without a service', () => {
  it.each([['--help'], ['-h'], ['help']])(
    'prints the help page to stdout for %s and exits 0',
    async (flag) => {
      const result = await runCli([flag], env);
      expect(result.status).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^magistrala-users: /);
      expect(result.stdout).toContain("  <id> update tags '<json array>' [<token>]\n");
      expect(result.stdout).toContain('--session <path>');
    },
  );

  it("prints a command's usage for <command> --help", async () => {
    expect(await runCli(['users', 'token', '--help'], env)).toEqual({
      status: 0,
      stdout: 'usage: magistrala-users token <username|email> [<password>]\n',
      stderr: '',
    });
  });

  it('lists the commands on stderr and exits 2 without a command', async () => {
    const result = await runCli([], env);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: a command is missing\nusage: magistrala-users create /);
    expect(result.stderr).toContain('\n       magistrala-users health\n');
  });

  it('rejects an invalid --url with exit status 2', async () => {
    const result = await runCli(['--url', 'not a url', 'health'], env);
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'error: -u/--users-url must be an absolute http(s) URL\nrun "magistrala-users --help" for the commands\n',
    });
  });

  it('says it is not logged in, and sends nothing, when a command needs a session and none is saved', async () => {
    const result = await runCli(['all', 'get'], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: Not logged in\nlog in with "magistrala-users token/);
  });

  it('rejects an empty <token> as not a JWT before sending anything', async () => {
    const result = await runCli(['profile', ''], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^error: the <token> argument is not a JWT; leave it out to use the saved session/,
    );
    expect(result.stderr).toContain('usage: magistrala-users profile [<token>]\n');
  });
});
