import { describe, expect, it } from 'vitest';
import { type ApiError, RateLimitError, UsersClient } from '../src/index.ts';

// Item 7: what a server puts in an error reaches logs and terminals; it must be bounded and inert.

const reply = (body: string | null, status: number, headers: Record<string, string> = {}) => {
  const type = body?.startsWith('{') ? 'application/json' : 'text/plain';
  const fetch = async () => new Response(body, { status, headers: { 'content-type': type, ...headers } });
  return new UsersClient({ baseUrl: 'http://users.test', fetch, retry: 0, accessToken: 'pat' });
};
const failure = (users: UsersClient): Promise<ApiError> =>
  users.profile().then(
    () => Promise.reject(new Error('resolved')),
    (e: unknown) => e as ApiError,
  );

/** Every character that can make a terminal do something other than print. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly those.
const controls = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

describe('item 7: RateLimitError.retryAfter stays finite', () => {
  it.each([
    ['1e308', 3_600_000],
    ['99999999999999999999', 3_600_000],
    ['Fri, 31 Dec 9999 23:59:59 GMT', 3_600_000],
    ['120', 120_000],
    ['1.5', 1500],
    ['0', 0],
    ['-5', undefined],
    ['0x10', undefined],
    ['soon', undefined],
  ])('Retry-After: %s → %s ms', async (header, expected) => {
    const error = await failure(reply(null, 429, { 'retry-after': header }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(expected);
  });
});

describe('item 7: server messages are capped and stripped of control characters', () => {
  it('caps a 1 MB {message} at 1,000 characters in serverMessage and message', async () => {
    const error = await failure(reply(JSON.stringify({ message: 'x'.repeat(1_000_000) }), 400));
    expect(error.serverMessage.length).toBeLessThanOrEqual(1000);
    expect(error.serverMessage.endsWith('…')).toBe(true);
    expect(error.message.length).toBeLessThan(1100);
    expect(error.message.startsWith('GET /users/profile failed with 400: xxx')).toBe(true);
  });

  it('caps a long plain-text body the same way', async () => {
    const error = await failure(reply('y'.repeat(50_000), 502));
    expect(error.serverMessage.length).toBeLessThanOrEqual(1000);
  });

  it('does not split a surrogate pair when it cuts', async () => {
    const error = await failure(reply(JSON.stringify({ message: '😀'.repeat(2000) }), 400));
    expect(error.serverMessage).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(error.serverMessage.length).toBeGreaterThan(900);
  });

  it.each([
    ['an OSC title sequence', 'a\u001b]0;pwned\u0007b', 'ab'],
    [
      'an OSC 8 hyperlink ended by ST',
      'a\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\b',
      'alinkb',
    ],
    ['CSI colour codes', '\u001b[31mred\u001b[0m', 'red'],
    ['an 8-bit CSI', 'a\u009b2Jb', 'ab'],
    ['a bell, NUL, DEL and C1 characters', 'a\u0007b\u0000c\u007fd\u0085e', 'abcde'],
    ['newlines and tabs (as spaces)', 'line one\r\nline\ttwo', 'line one line two'],
    ['bidi overrides', 'abc\u202edcba\u2066x\u2069', 'abcdcbax'],
  ])('strips %s', async (_what, message, expected) => {
    const error = await failure(reply(JSON.stringify({ error: message }), 400));
    expect(error.serverMessage).toBe(expected);
    expect(error.message).not.toMatch(controls);
    expect(String(error)).not.toMatch(controls);
  });

  it('strips them from plain-text bodies too', async () => {
    const error = await failure(reply('\u001b]52;c;c2VjcmV0\u0007oops\u001b[2J', 500));
    expect(error.serverMessage).toBe('oops');
  });

  it('keeps ordinary unicode', async () => {
    const error = await failure(reply(JSON.stringify({ message: 'entité introuvable: ✓ 日本' }), 404));
    expect(error.serverMessage).toBe('entité introuvable: ✓ 日本');
  });
});
