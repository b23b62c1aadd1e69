import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  legacySessionPath,
  normaliseServer,
  sessionPath,
  sessionsDirectory,
} from '../../src/cli/session-path.ts';

const noHome = () => '/home/from-os';
const server = 'http://localhost:9002';

describe('sessionPath', () => {
  it('takes the --session option first', () => {
    expect(
      sessionPath({ MAGISTRALA_USERS_SESSION: '/env/s.json' }, server, 'default', './flag.json', noHome),
    ).toBe('./flag.json');
  });

  it('then MAGISTRALA_USERS_SESSION', () => {
    const env = { MAGISTRALA_USERS_SESSION: '/env/s.json', XDG_CONFIG_HOME: '/xdg' };
    expect(sessionPath(env, server, 'default', undefined, noHome)).toBe('/env/s.json');
  });

  it('then one file per profile and server under XDG_CONFIG_HOME, named readably with a hash', () => {
    const path = sessionPath(
      { XDG_CONFIG_HOME: '/xdg', HOME: '/home/jane' },
      server,
      'admin',
      undefined,
      noHome,
    );
    expect(path).toMatch(
      /^\/xdg\/magistrala-users\/sessions\/admin\/http_localhost_9002-[0-9a-f]{10}\.json$/,
    );
  });

  it('gives two servers, or two profiles, two files even when their readable names agree', () => {
    const env = { XDG_CONFIG_HOME: '/xdg' };
    const paths = new Set([
      sessionPath(env, 'http://a.example/x_y', 'default'),
      sessionPath(env, 'http://a.example/x/y', 'default'),
      sessionPath(env, 'https://a.example/x/y', 'default'),
      sessionPath(env, 'http://a.example/x/y', 'other'),
    ]);
    expect(paths.size).toBe(4);
  });

  it('falls back to ~/.config, with HOME before the operating system home', () => {
    expect(sessionsDirectory({ HOME: '/home/jane' }, noHome)).toBe(
      join('/home/jane', '.config', 'magistrala-users', 'sessions'),
    );
    expect(sessionsDirectory({}, noHome)).toBe(
      join('/home/from-os', '.config', 'magistrala-users', 'sessions'),
    );
  });

  it('ignores empty variables and a relative XDG_CONFIG_HOME', () => {
    const env = { MAGISTRALA_USERS_SESSION: '', XDG_CONFIG_HOME: 'relative/config', HOME: '/home/jane' };
    expect(sessionPath(env, server, 'default', '', noHome)).toMatch(
      /^\/home\/jane\/\.config\/magistrala-users\/sessions\/default\//,
    );
  });

  it('knows where earlier versions kept their one session', () => {
    expect(legacySessionPath({ XDG_CONFIG_HOME: '/xdg' })).toBe(
      join('/xdg', 'magistrala-users', 'session.json'),
    );
  });
});

describe('normaliseServer', () => {
  it.each([
    ['HTTP://LocalHost:9002/', 'http://localhost:9002'],
    ['http://localhost:80/api//', 'http://localhost/api'],
    ['https://user:pw@example.com:443/users?x=1#y', 'https://example.com/users'],
  ])('%s is %s', (given, expected) => {
    expect(normaliseServer(given)).toBe(expected);
  });
});
