import fc from 'fast-check';

/** Strings that try to escape a path segment or a query, or break a URL or a header. */
export const tricks = [
  '',
  '.',
  '..',
  '../',
  '../profile',
  '..%2F',
  '%2e%2e',
  '%2F',
  '%',
  '%zz',
  '/',
  '//evil.example',
  '\\',
  '?',
  '?a=b',
  '#',
  '#frag',
  'a/b',
  'a?b=c#d',
  '&',
  '+',
  ' ',
  '\r\n',
  'a\r\nX-Injected: 1',
  '\u0000',
  '\u001b]0;title\u0007',
  '\ud800',
  '\udfff',
  '😀',
  'e\u0301',
  '\u202e',
  'users',
  'profile',
  'tokens',
  'http://evil.example/',
];

const huge = 'x'.repeat(100_000);

/** Any string: unicode (lone surrogates too), path tricks, joined tricks, and one very long string. */
export const text: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.constantFrom(...tricks), weight: 3 },
  {
    arbitrary: fc.array(fc.constantFrom(...tricks), { maxLength: 4 }).map((parts) => parts.join('')),
    weight: 2,
  },
  { arbitrary: fc.constant(huge), weight: 1 },
  { arbitrary: fc.stringMatching(/^[a-z][a-z0-9_-]{2,20}$/), weight: 2 },
  { arbitrary: fc.emailAddress(), weight: 1 },
);

/**
 * A hostile value, described: fast-check itself inspects what it generates (for cloning and printing), so a Proxy
 * that throws on every trap must not exist until the property runs. {@link materialize} makes it.
 */
export class Hostile {
  constructor(readonly kind: string) {}
  toString(): string {
    return `Hostile(${this.kind})`;
  }
}

/** Makers of fresh hostile values, by kind: each run gets its own, as a caller's would be. */
const makers: Record<string, () => unknown> = {
  'throwing getter': () =>
    Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    }),
  'throwing Proxy': () =>
    new Proxy(
      {},
      {
        get() {
          throw new TypeError('proxy get');
        },
        ownKeys() {
          throw new TypeError('proxy keys');
        },
        has() {
          throw new TypeError('proxy has');
        },
        getOwnPropertyDescriptor() {
          throw new TypeError('proxy descriptor');
        },
        getPrototypeOf() {
          throw new TypeError('proxy prototype');
        },
      },
    ),
  'benign Proxy': () => new Proxy({ a: 1 }, {}),
  'cyclic object': () => {
    const value: Record<string, unknown> = { a: 1 };
    value.self = value;
    return value;
  },
  'cyclic array': () => {
    const list: unknown[] = [1];
    list.push(list);
    return list;
  },
  'BigInt field': () => ({ n: 10n }),
  BigInt: () => 10n,
  'throwing toJSON': () => ({
    toJSON() {
      throw new Error('toJSON');
    },
  }),
  'toJSON to BigInt': () => ({ toJSON: () => 10n }),
  symbol: () => Symbol('s'),
  function: () => () => 'a function',
  NaN: () => Number.NaN,
  Infinity: () => Number.POSITIVE_INFINITY,
  '-0': () => -0,
  '1e308': () => 1e308,
  'invalid Date': () => new Date(Number.NaN),
  '__proto__ key': () => JSON.parse('{"__proto__": {"polluted": true}}'),
  'null-prototype object': () => Object.create(null),
  'sparse array': () => {
    const holes: unknown[] = [];
    holes[2] = 1;
    return holes;
  },
  Map: () => new Map([['a', 1]]),
  Uint8Array: () => new Uint8Array(3),
  null: () => null,
  undefined: () => undefined,
};

/** One hostile value (described; see {@link materialize}). */
export const hostile: fc.Arbitrary<unknown> = fc
  .constantFrom(...Object.keys(makers))
  .map((kind) => new Hostile(kind));

/** `value` with every {@link Hostile} description, at any depth of arrays and plain objects, made real. */
export function materialize(value: unknown): unknown {
  if (value instanceof Hostile) return makers[value.kind]?.();
  if (Array.isArray(value)) return value.map(materialize);
  if (value !== null && typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return value;
    const copy: Record<string, unknown> = prototype === null ? Object.create(null) : {};
    for (const [key, item] of Object.entries(value)) copy[key] = materialize(item);
    return copy;
  }
  return value;
}

/** Anything at all, hostile values included, nested. */
export const anything: fc.Arbitrary<unknown> = fc.oneof(
  hostile,
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withBoxedValues: true,
    withTypedArray: true,
    withSparseArray: true,
    stringUnit: 'binary',
  }),
);

/** A value for a string parameter: mostly strings, sometimes anything. */
export const stringish: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: text, weight: 4 },
  { arbitrary: anything, weight: 1 },
);

/** JSON-ish metadata: often plain, sometimes hostile. */
export const metadata: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), weight: 3 },
  { arbitrary: fc.dictionary(text, anything, { maxKeys: 3 }), weight: 1 },
  { arbitrary: anything, weight: 1 },
);

/** Numbers of every kind, for limits, offsets, timeouts and retries. */
export const number: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -10, max: 200 }),
  fc.double(),
  fc.constantFrom(0, 1, 100, 101, 2 ** 31 - 1, 2 ** 31, 1e12, -1, Number.NaN, Number.MAX_SAFE_INTEGER),
  anything,
);

/** The last argument of every method: none, valid ones, out-of-range ones, or hostile objects. */
export const requestOptions: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  {
    arbitrary: fc.record(
      {
        timeout: fc.oneof(fc.constant(false), fc.integer({ min: 1, max: 60_000 }), number),
        retry: fc.oneof(
          fc.integer({ min: 0, max: 3 }),
          number,
          fc.record({ limit: number }, { requiredKeys: [] }),
        ),
        maxResponseBytes: fc.oneof(fc.integer({ min: 1_000, max: 10_000_000 }), number),
        signal: fc.oneof(
          fc.constant(undefined),
          fc.constant(null).map(() => new AbortController().signal),
          anything,
        ),
      },
      { requiredKeys: [] },
    ),
    weight: 3,
  },
  { arbitrary: anything, weight: 1 },
);
