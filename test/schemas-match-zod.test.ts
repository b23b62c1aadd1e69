import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { plainData } from '../src/plain-data.ts';
import * as newS from '../src/schemas.ts';
import * as oldS from './support/zod-reference-schemas.ts';

function show(v: unknown, inputRefs: Set<object>, seen = new Set<object>()): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return v.toString();
  if (typeof v === 'function') return 'fn';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (v === null || typeof v !== 'object') return String(v);
  if (seen.has(v)) return '<cycle>';
  seen.add(v);
  const mark = inputRefs.has(v) ? '&' : '';
  try {
    if (v instanceof Date) return `${mark}Date(${v.getTime()})`;
    const proto = Object.getPrototypeOf(v);
    const kind = Array.isArray(v)
      ? 'A'
      : proto === null
        ? 'N'
        : proto === Object.prototype
          ? 'O'
          : `C:${proto?.constructor?.name}`;
    const keys = Reflect.ownKeys(v).map((k) => {
      const d = Object.getOwnPropertyDescriptor(v, k) ?? {};
      return `${String(k)}${d.enumerable ? '' : '!'}:${'value' in d ? show(d.value, inputRefs, seen) : 'getter'}`;
    });
    return `${mark}${kind}{${keys.join(',')}}`;
  } catch {
    return '<threw while showing>';
  } finally {
    seen.delete(v);
  }
}
function refs(v: unknown, out = new Set<object>()): Set<object> {
  if (v !== null && typeof v === 'object' && !out.has(v)) {
    out.add(v);
    try {
      for (const k of Reflect.ownKeys(v)) {
        const d = Object.getOwnPropertyDescriptor(v, k);
        if (d && 'value' in d) refs(d.value, out);
      }
    } catch {}
  }
  return out;
}

let reads = 0;
const pool: (() => unknown)[] = [
  () => '',
  () => 'a',
  () => 'abc',
  () => 'ab',
  () => 'x'.repeat(33),
  () => 'x'.repeat(32),
  () => 'é'.repeat(600),
  () => 'a'.repeat(1025),
  () => 'a__b',
  () => 'a--b',
  () => 'a@b',
  () => '_a',
  () => 'Ab_c-9',
  () => ' a',
  () => 'a\nb',
  () => '.',
  () => '..',
  () => '...',
  () => 'jane@example.com',
  () => 'Jane <j@e.c>',
  () => '@',
  () => 'a@',
  () => 'tok\x00en',
  () => 'tök',
  () => '2020-01-01T00:00:00Z',
  () => '2020-01-01T00:00:00.123+02:00',
  () => '2020-01-01T00:00:00',
  () => '2020-01-01',
  () => '2020-13-01T00:00:00Z',
  () => '2020-01-01t00:00:00z',
  () => '2020-01-01T00:00:00.1234567890Z',
  () => '2020-01-01T25:00:00Z',
  () => '2020-01-01T00:00:00+0200',
  () => '2020-01-01T00:00Z',
  () => 'user',
  () => 'admin',
  () => 'enabled',
  () => 'disabled',
  () => 'deleted',
  () => 'all',
  () => 'asc',
  () => 'desc',
  () => 'created_at',
  () => 'email',
  () => 'x',
  () => 0,
  () => 1,
  () => -1,
  () => 100,
  () => 101,
  () => 1.5,
  () => -1.5,
  () => 0.5,
  () => -0,
  () => NaN,
  () => Infinity,
  () => -Infinity,
  () => 2 ** 53,
  () => 2 ** 53 - 1,
  () => -(2 ** 53),
  () => 2 ** 60,
  () => -(2 ** 60),
  () => 1e308,
  () => 3,
  () => 50,
  () => true,
  () => false,
  () => null,
  () => undefined,
  () => 10n,
  () => Symbol('s'),
  () => [],
  () => ['a'],
  () => ['a', 'b'],
  () => ['a', 3],
  () => [undefined],
  () => {
    const a: unknown[] = [];
    a[2] = 'x';
    return a;
  },
  () => new Array(40),
  () => new Array(0),
  () => ({ length: 0 }),
  () => ({ length: 40 }),
  () => ({}),
  () => ({ a: 1 }),
  () => ({ a: undefined }),
  () => Object.create(null),
  () => JSON.parse('{"__proto__": {"p": 1}, "b": 2}'),
  () => ({ [Symbol('k')]: 1, a: 1 }),
  () => Object.defineProperty({ a: 1 }, 'h', { value: 2, enumerable: false }),
  () => Object.assign(['a', 3], { all: ['x'] }),
  () => Object.assign([], { all: ['x'] }),
  () => ({ all: ['a'] }),
  () => ({ all: ['a'], x: 1 }),
  () => ({ all: 3 }),
  () => ({ all: [] }),
  () => ({ all: ['a', 3] }),
  () => new Date(0),
  () => new Date(NaN),
  () => new Map([['a', 1]]),
  () => new Set([1]),
  () => new Uint8Array(2),
  () =>
    new (class K {
      a = 1;
    })(),
  () => new String('abc'),
  () => {
    const o = { a: 1 } as Record<string, unknown>;
    o.self = o;
    return o;
  },
  () =>
    Object.defineProperty({}, 'g', {
      enumerable: true,
      get() {
        reads++;
        return reads % 2 ? 'a' : 3;
      },
    }),
  () => {
    const a = ['a'];
    Object.defineProperty(a, 0, {
      enumerable: true,
      get() {
        reads++;
        return reads % 2 ? 'a' : 3;
      },
    });
    return a;
  },
  () => ({ id: 'a', description: 'd' }),
  () => ({ id: 3 }),
  () => ({ id: 'x', extra: [1] }),
  () => ({ access_token: 'a', refresh_token: 'b' }),
  () => ({ access_token: 'a b', refresh_token: '' }),
  () => ({ refresh_tokens: [{ id: 'a' }] }),
  () => ({ refresh_tokens: null }),
  () => ({ refresh_tokens: [{ id: 1 }] }),
  () => ({ refresh_tokens: 'x' }),
  () => ({ total: 1 }),
  () => ({ total: 2, offset: 1, limit: 5, users: [{ id: 'u' }], extra: 1 }),
  () => ({ extra: 1, total: 0, users: undefined, offset: undefined }),
  () => ({ total: 1, users: null }),
  () => ({ total: 1, users: [{ id: 1 }] }),
  () => ({ total: '1' }),
  () => ({ username: 'ab' }),
  () => ({ username: 'abc', id: 'a' }),
  () => ({ first_name: 'x' }),
  () => ({ password: 'a', confirmPassword: 'a', token: 't' }),
  () => ({ password: 'a', confirmPassword: 'b', token: 't' }),
  () => ({ first_name: 'a', last_name: 'b', email: 'a@b', credentials: { username: 'ab', secret: 's' } }),
  () =>
    new Proxy(
      { a: 1 },
      {
        ownKeys() {
          throw new TypeError('trap');
        },
        get() {
          throw new TypeError('trap');
        },
      },
    ),
];
const keys = [
  'id',
  'first_name',
  'last_name',
  'email',
  'credentials',
  'username',
  'secret',
  'tags',
  'metadata',
  'private_metadata',
  'profile_picture',
  'status',
  'role',
  'permissions',
  'created_at',
  'updated_at',
  'total',
  'offset',
  'limit',
  'users',
  'access_token',
  'refresh_token',
  'refresh_tokens',
  'description',
  'version',
  'password',
  'confirmPassword',
  'token',
  'order',
  'dir',
  'only_total',
  'created_from',
  'created_to',
  'all',
  'extra',
  'name',
];

const leaf = fc.nat(pool.length - 1);
type Spec = { leaf: number } | { obj: [string, Spec][] } | { arr: Spec[] };
const spec: fc.Arbitrary<Spec> = fc.letrec<{ s: Spec }>((tie) => ({
  s: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ leaf }),
    fc.record({ obj: fc.array(fc.tuple(fc.constantFrom(...keys), tie('s')), { maxLength: 6 }) }),
    fc.record({ arr: fc.array(tie('s'), { maxLength: 3 }) }),
  ),
})).s;
function make(s: Spec): unknown {
  if ('leaf' in s) return pool[s.leaf]?.();
  if ('arr' in s) return s.arr.map(make);
  const o: Record<string, unknown> = {};
  for (const [k, v] of s.obj) o[k] = make(v);
  return o;
}

function outcome(schema: z.ZodMiniType, build: () => unknown): string {
  reads = 0;
  const input = build();
  const inputRefs = refs(input);
  let r: ReturnType<typeof z.safeParse>;
  try {
    r = z.safeParse(schema, input);
  } catch (e) {
    return `threw ${(e as Error)?.constructor?.name} reads=${reads}`;
  }
  if (!r.success)
    return `fail ${JSON.stringify(r.error.issues.map((i) => [i.path.map(String).join('.'), i.message]))} reads=${reads}`;
  let plain: string;
  try {
    plain = JSON.stringify(plainData(r.data));
  } catch (e) {
    plain = `plainData threw ${(e as Error).message}`;
  }
  return `ok ${show(r.data, inputRefs)} plain=${plain} reads=${reads}`;
}

const bases: Record<string, Record<string, unknown>> = {
  createUserSchema: {
    first_name: 'a',
    last_name: 'b',
    email: 'a@b',
    credentials: { username: 'ab', secret: 's' },
    tags: ['t'],
    metadata: { m: 1 },
    role: 'user',
    status: 'enabled',
  },
  listUsersSchema: {
    limit: 10,
    offset: 0,
    order: 'email',
    dir: 'asc',
    status: 'all',
    metadata: { a: 1 },
    tags: { all: ['a'] },
    created_from: new Date(0),
    created_to: '2020-01-01T00:00:00Z',
    only_total: false,
  },
  searchUsersSchema: { username: 'abc', limit: 5, offset: 1, order: 'x', dir: 'y' },
  usersPageSchema: { total: 1, offset: 0, limit: 10, users: [{ id: 'u', metadata: { a: 1 }, tags: null }] },
  userSchema: {
    id: 'u',
    metadata: { a: 1 },
    private_metadata: null,
    tags: ['x'],
    status: 'enabled',
    role: 'admin',
    credentials: { username: 'n' },
  },
  resetPasswordSchema: { token: 't', password: 'p', confirmPassword: 'p' },
  loginSchema: { username: 'u', password: 'p' },
  updateUserSchema: { first_name: 'a', metadata: {} },
  tokenPairSchema: { access_token: 'a', refresh_token: 'r' },
  refreshTokensSchema: { refresh_tokens: [{ id: 'a', description: 'd' }] },
  healthSchema: { status: 'pass', version: '1' },
};
const names = Object.keys(oldS).filter((name) => name.endsWith('Schema'));

/** Every difference between the reference and the shipped schema on `build`'s input, as a description. */
function differences(name: string, runs: number): string[] {
  const reference = (oldS as Record<string, z.ZodMiniType>)[name] as z.ZodMiniType;
  const shipped = (newS as Record<string, z.ZodMiniType | undefined>)[name];
  if (shipped === undefined) return [`${name} is not exported`];
  const found: string[] = [];
  const check = (build: () => unknown, label: string) => {
    const expected = outcome(reference, build);
    const actual = outcome(shipped, build);
    if (expected !== actual) found.push(`${label}\n  zod: ${expected}\n  ours: ${actual}`);
  };
  pool.forEach((make, index) => {
    check(make, `pool[${index}]`);
  });
  for (const key of keys)
    pool.forEach((make, index) => {
      check(() => ({ [key]: make() }), `{${key}: pool[${index}]}`);
    });
  const base = bases[name];
  if (base) {
    for (const key of [...Object.keys(base), 'extra']) {
      pool.forEach((make, index) => {
        check(() => ({ ...base, [key]: make() }), `base+{${key}: pool[${index}]}`);
      });
    }
    for (const key of Object.keys(base)) {
      check(() => {
        const copy = { ...base };
        delete copy[key];
        return copy;
      }, `base-${key}`);
    }
  }
  fc.assert(
    fc.property(spec, (s) => {
      check(() => make(s), JSON.stringify(s));
    }),
    { numRuns: runs, seed: 42 },
  );
  return found;
}

describe('src/schemas.ts against the same schemas written with zod features', () => {
  it.each(names)('%s: same issues (path and message), same output, same copies, same reads', (name) => {
    expect(differences(name, 300).slice(0, 5)).toEqual([]);
  });
});
