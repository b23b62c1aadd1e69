import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionPath } from '../../src/cli/session-path.ts';

const noHome = () => '/home/from-os';

describe('sessionPath', () => {
  it('takes the --session option first', () => {
    expect(sessionPath({ MAGISTRALA_USERS_SESSION: '/env/s.json' }, './flag.json', noHome)).toBe(
      './flag.json',
    );
  });

  it('then MAGISTRALA_USERS_SESSION', () => {
    const env = { MAGISTRALA_USERS_SESSION: '/env/s.json', XDG_CONFIG_HOME: '/xdg' };
    expect(sessionPath(env, undefined, noHome)).toBe('/env/s.json');
  });

  it('then a file under XDG_CONFIG_HOME', () => {
    expect(sessionPath({ XDG_CONFIG_HOME: '/xdg', HOME: '/home/jane' }, undefined, noHome)).toBe(
      join('/xdg', 'magistrala-users', 'session.json'),
    );
  });

  it('falls back to ~/.config, with HOME before the operating system home', () => {
    expect(sessionPath({ HOME: '/home/jane' }, undefined, noHome)).toBe(
      join('/home/jane', '.config', 'magistrala-users', 'session.json'),
    );
    expect(sessionPath({}, undefined, noHome)).toBe(
      join('/home/from-os', '.config', 'magistrala-users', 'session.json'),
    );
  });

  it('ignores empty variables and a relative XDG_CONFIG_HOME', () => {
    const env = { MAGISTRALA_USERS_SESSION: '', XDG_CONFIG_HOME: 'relative/config', HOME: '/home/jane' };
    expect(sessionPath(env, '', noHome)).toBe(
      join('/home/jane', '.config', 'magistrala-users', 'session.json'),
    );
  });
});
