import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { type FakeUsersService, seededAdmin } from 'magistrala-users/testing';
import { describe, expect, it } from 'vitest';
import { entry, root } from './subprocess.ts';
import { type RunResult, runCli, type temporaryDirectory, useFakeService } from './support.ts';

let service: FakeUsersService;
let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
let env: Record<string, string>;

useFakeService((setup) => {
  ({ service, directory, env } = setup);
});

/** One in-process run with `input` piped on standard input (not a terminal). */
const run = (argv: string[], extraEnv: Record<string, string> = {}, input?: string): Promise<RunResult> =>
  runCli(argv, { ...env, ...extraEnv }, { stdin: input });

const issued = () => service.requests.filter((request) => request.path === '/users/tokens/issue');

async function createJane(): Promise<void> {
  expect((await run(['create', 'jane', 'doe', 'jane@example.com', 'janedoe', 'Jane-Old-Pw1'])).status).toBe(
    0,
  );
}

describe('passwords off the command line, piped or from the environment', () => {
  it('token <identity> --password-stdin reads the password from standard input', async () => {
    const result = await run(['token', 'admin', '--password-stdin'], {}, `${seededAdmin.password}\n`);
    expect(result.status, result.stderr).toBe(0);
    expect(issued().at(-1)?.json).toMatchObject({ username: 'admin', password: seededAdmin.password });
  });

  it('token <identity> takes MAGISTRALA_PASSWORD', async () => {
    const result = await run(['token', 'admin'], { MAGISTRALA_PASSWORD: seededAdmin.password });
    expect(result.status, result.stderr).toBe(0);
    expect(issued().at(-1)?.json).toMatchObject({ password: seededAdmin.password });
  });

  it('--password-stdin wins over MAGISTRALA_PASSWORD, and a password on the command line over both', async () => {
    await run(
      ['token', 'admin', '--password-stdin'],
      { MAGISTRALA_PASSWORD: 'from-env-1' },
      `${seededAdmin.password}\n`,
    );
    expect(issued().at(-1)?.json).toMatchObject({ password: seededAdmin.password });
    await run(['token', 'admin', seededAdmin.password], { MAGISTRALA_PASSWORD: 'from-env-1' });
    expect(issued().at(-1)?.json).toMatchObject({ password: seededAdmin.password });
  });

  it('without any source, and no terminal, says where a password can come from and sends nothing', async () => {
    const result = await run(['token', 'admin']);
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'error: token needs the current password: type it on a terminal, pipe it with --password-stdin, or set MAGISTRALA_PASSWORD',
    );
    expect(service.requests).toHaveLength(0);
  });

  it('password reads the current and the new password, one a line, or from the two variables', async () => {
    await createJane();
    const login = await run(['--profile', 'jane', 'token', 'janedoe', 'Jane-Old-Pw1']);
    expect(login.status).toBe(0);
    const piped = await run(
      ['--profile', 'jane', 'password', '--password-stdin'],
      {},
      'Jane-Old-Pw1\nJane-New-Pw2\n',
    );
    expect(piped.status, piped.stderr).toBe(0);
    const patch = service.requests.filter((request) => request.path === '/users/secret').at(-1);
    expect(patch?.json).toEqual({ old_secret: 'Jane-Old-Pw1', new_secret: 'Jane-New-Pw2' });

    const fromEnv = await run(['--profile', 'jane', 'password'], {
      MAGISTRALA_PASSWORD: 'Jane-New-Pw2',
      MAGISTRALA_NEW_PASSWORD: 'Jane-Newer-Pw3',
    });
    expect(fromEnv.status, fromEnv.stderr).toBe(0);
    expect((await run(['token', 'janedoe', 'Jane-Newer-Pw3'])).status).toBe(0);
  });

  it('password with one line on standard input says both are needed, sending nothing', async () => {
    await run(['token', 'admin', seededAdmin.password]);
    const before = service.requests.length;
    const result = await run(['password', '--password-stdin'], {}, 'only-one\n');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^error: --password-stdin: standard input must hold the current, then the new password/,
    );
    expect(service.requests).toHaveLength(before);
  });

  it('resetpassword <reset_token> takes the new password from standard input or MAGISTRALA_PASSWORD', async () => {
    await createJane();
    for (const [index, how] of ['stdin', 'env'].entries()) {
      expect((await run(['resetpasswordrequest', 'jane@example.com'])).status).toBe(0);
      const mail = service.outbox.filter((sent) => sent.kind === 'password-reset').at(-1);
      const password = `Reset-Pw-${index}x`;
      const result =
        how === 'stdin'
          ? await run(['resetpassword', mail?.token ?? '', '--password-stdin'], {}, `${password}\n`)
          : await run(['resetpassword', mail?.token ?? ''], { MAGISTRALA_PASSWORD: password });
      expect(result, result.stderr).toMatchObject({ status: 0, stdout: 'ok\n' });
      expect((await run(['token', 'janedoe', password])).status).toBe(0);
    }
  });

  it('--password-stdin on a command that needs no password is a usage error', async () => {
    const result = await run(['health', '--password-stdin'], {}, 'x\n');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^error: --password-stdin applies only to token, password and resetpassword/,
    );
  });

  it('never prints a password it was given, whichever way', async () => {
    const outputs = [
      await run(['token', 'admin', '--password-stdin'], {}, 'Wrong-Piped-Pw9\n'),
      await run(['token', 'admin'], { MAGISTRALA_PASSWORD: 'Wrong-Env-Pw9' }),
      await run(['password', '--password-stdin'], {}, 'Old-Piped-Pw9\nNew-Piped-Pw9\n'),
    ];
    for (const { stdout, stderr } of outputs) {
      for (const secret of ['Wrong-Piped-Pw9', 'Wrong-Env-Pw9', 'Old-Piped-Pw9', 'New-Piped-Pw9']) {
        expect(stdout + stderr).not.toContain(secret);
      }
    }
    expect(outputs[0]?.status).toBe(1);
  });
});

/** Runs the CLI on a pseudo-terminal through python3's pty module, typing `answers` at the `prompts`. */
function onTerminal(
  argv: string[],
  prompts: string[],
  answers: string[],
): Promise<{ status: number; output: string }> {
  const driver = join(root, 'test/cli/fixtures/drive-prompt.py');
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      [driver, process.execPath, entry, ...argv],
      {
        env: {
          PATH: process.env.PATH,
          HOME: directory.path,
          ...env,
          PROMPTS: JSON.stringify(prompts),
          ANSWERS: JSON.stringify(answers),
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

describe('the password prompt on a terminal', () => {
  it('token <identity> asks for the password without echoing it, and logs in', async () => {
    const { status, output } = await onTerminal(['token', 'admin'], ['Password: '], [seededAdmin.password]);
    expect(status, output).toBe(0);
    expect(output).toContain('Password: ');
    expect(output).not.toContain(seededAdmin.password);
    expect(output).toContain('"access_token"');
    expect(issued().at(-1)?.json).toMatchObject({ username: 'admin', password: seededAdmin.password });
  });

  it('password asks for the current one and the new one twice, and refuses two that differ', async () => {
    expect((await run(['token', 'admin', seededAdmin.password])).status).toBe(0);
    const prompts = ['Current password: ', 'New password: ', 'Repeat the new password: '];
    const differ = await onTerminal(['password'], prompts, [
      seededAdmin.password,
      'Brand-New-Pw1',
      'Brand-New-Pw2',
    ]);
    expect(differ.status).toBe(2);
    expect(differ.output).toContain('error: the two new passwords differ');
    expect(service.requests.filter((request) => request.path === '/users/secret')).toHaveLength(0);

    const same = await onTerminal(['password'], prompts, [
      seededAdmin.password,
      'Brand-New-Pw1',
      'Brand-New-Pw1',
    ]);
    expect(same.status, same.output).toBe(0);
    for (const secret of [seededAdmin.password, 'Brand-New-Pw1']) expect(same.output).not.toContain(secret);
    expect((await run(['token', 'admin', 'Brand-New-Pw1'])).status).toBe(0);
  });
});
