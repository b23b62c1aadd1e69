import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { quickInput, quickParse, quickUser } from '../src/quick-parse.ts';
import { healthSchema, idSchema, passwordSchema, userSchema } from '../src/schemas.ts';

// Values a field may hold once JSON has been parsed: right and wrong types for every field kind.
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.constantFrom('', 'ops', '__proto__'),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.array(tie('any'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'username', '__proto__', 'constructor'), tie('any'), {
      maxKeys: 3,
    }),
  ),
})).any;

const userKeys = Object.keys(userSchema.def.shape);
const key = fc.oneof(
  fc.constantFrom(...userKeys),
  fc.constantFrom('extra', 'zz', '__proto__', 'constructor'),
);

/** An object as JSON.parse makes it (so `__proto__` is an own key, as it can be on the wire). */
const body = fc
  .tuple(fc.option(fc.string(), { nil: undefined }), fc.array(fc.tuple(key, value), { maxLength: 8 }))
  .map(([id, entries]) => {
    const object: Record<string, unknown> = {};
    if (id !== undefined) object.id = id;
    for (const [name, item] of entries) {
      // Defined, not assigned: `object.__proto__ = …` would set the prototype instead of a key.
      Object.defineProperty(object, name, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return JSON.parse(JSON.stringify(object)) as unknown;
  });

/** The same JSON, key order included, and no shared object between result and input. */
function same(quick: unknown, input: unknown): void {
  const result = z.safeParse(userSchema, input);
  expect(result.success).toBe(true);
  expect(JSON.stringify(quick)).toBe(JSON.stringify(result.data));
  expect(Object.keys(quick as object)).toEqual(Object.keys(result.data as object));
  for (const name of ['credentials', 'tags', 'metadata', 'private_metadata', 'permissions']) {
    const given = (input as Record<string, unknown>)[name];
    if (typeof given === 'object' && given !== null)
      expect((quick as Record<string, unknown>)[name]).not.toBe(given);
  }
}

describe('quickUser', () => {
  it('gives exactly what zod gives for every body zod accepts without a __proto__ key, and leaves the rest to zod', () => {
    let quickOnes = 0;
    fc.assert(
      fc.property(body, (input) => {
        const quick = quickUser(input);
        if (quick === undefined) {
          // Left to zod: it must be a body zod refuses, or one with a __proto__ key where it would matter.
          const valid = z.safeParse(userSchema, input).success;
          const proto = /"__proto__"/.test(JSON.stringify(input));
          expect(!valid || proto).toBe(true);
        } else {
          quickOnes++;
          same(quick, input);
        }
      }),
      { numRuns: 3_000 },
    );
    expect(quickOnes).toBeGreaterThan(100);
  });

  it('copies a typical user in the schema order, unknown fields last', () => {
    const input = JSON.parse(
      '{"zz":1,"metadata":{"b":1,"a":2},"id":"u1","tags":null,"credentials":{"q":1,"username":"jane"},"email":"j@x.io"}',
    );
    const quick = quickUser(input);
    expect(JSON.stringify(quick)).toBe(
      '{"id":"u1","email":"j@x.io","credentials":{"username":"jane","q":1},"tags":null,"metadata":{"b":1,"a":2},"zz":1}',
    );
    same(quick, input);
  });

  it('leaves a body zod refuses to zod', () => {
    for (const input of [{}, { id: 1 }, { id: 'u', email: null }, { id: 'u', tags: [1] }, [], null, 'u']) {
      expect(quickUser(input)).toBeUndefined();
      expect(z.safeParse(userSchema, input).success).toBe(false);
    }
  });

  it('has a quick way for the user schema only', () => {
    expect(quickParse(userSchema, { id: 'u' })).toEqual({ id: 'u' });
    expect(quickParse(healthSchema, { status: 'pass' })).toBeUndefined();
  });
});

describe('quickInput', () => {
  it('gives exactly what zod gives for every id zod accepts, and leaves every other value to zod', () => {
    const input = fc.oneof(fc.string(), fc.constantFrom('', '.', '..', '...', ' ', './', 'a/b'), value);
    fc.assert(
      fc.property(input, (given) => {
        const result = z.safeParse(idSchema, given);
        const quick = quickInput(idSchema, given);
        if (result.success) expect(quick).toBe(result.data);
        else expect(quick).toBeUndefined();
      }),
      { numRuns: 3_000 },
    );
  });

  it('has a quick way for the id schema only', () => {
    expect(quickInput(idSchema, 'u1')).toBe('u1');
    expect(quickInput(passwordSchema, 'u1')).toBeUndefined();
  });
});
