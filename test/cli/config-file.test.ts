import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../src/cli/config-file.ts';
import { UsageError } from '../../src/cli/usage-error.ts';
import { temporaryDirectory } from './support.ts';

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;

beforeEach(async () => {
  directory = await temporaryDirectory();
});

afterEach(async () => {
  await directory.remove();
});

async function read(text: string) {
  const path = join(directory.path, 'config.toml');
  await writeFile(path, text);
  return readConfigFile(path);
}

describe('readConfigFile', () => {
  it('reads plain TOML numbers and booleans as well as the upstream strings', async () => {
    expect(await read('raw_output = true\n[filter]\nlimit = 25\noffset = 5\n')).toEqual({
      raw: true,
      limit: 25,
      offset: 5,
    });
    expect(await read('raw_output = "F"\n[filter]\nlimit = "25"\n')).toEqual({ raw: false, limit: 25 });
  });

  it('reads the older layout: raw_output, name, email and metadata under [filter]', async () => {
    const config = await read(
      '[filter]\nraw_output = "true"\nname = "jan"\nemail = "@example.com"\nmetadata = \'{"team":"ops"}\'\n',
    );
    expect(config).toEqual({ raw: true, name: 'jan', email: '@example.com', metadata: { team: 'ops' } });
  });

  it('treats empty strings as unset and ignores the keys of other services and user_token', async () => {
    const config = await read(`user_token = "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"
[remotes]
things_url = "http://localhost:9000"
users_url = ""
tls_verification = true
[filter]
limit = ""
topic = "x"
[channel]
status = "enabled"
`);
    expect(config).toEqual({});
  });

  it.each([
    ['[filter]\nlimit = -1', /filter.limit .* must be a whole number/],
    ['[filter]\nmetadata = "[1]"', /filter.metadata .* must be a JSON object/],
    ['raw_output = "maybe"', /raw_output .* must be true or false/],
    ['remotes = 3', /\[remotes\] .* must be a table/],
    ['[remotes]\nusers_url = 9002', /remotes.users_url .* must be a string/],
  ])('refuses %j', async (text, message) => {
    const error = await read(text).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(message);
  });
});
