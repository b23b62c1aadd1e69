import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { parseJson } from '../src/parse-json.ts';

const owner = z.object({ pid: z.int(), host: z.optional(z.string()) });

describe('parseJson', () => {
  it('returns the value checked against the schema', () => {
    expect(parseJson('{"pid":42,"host":"h"}', owner)).toEqual({ pid: 42, host: 'h' });
  });

  it('is undefined for text that is not JSON (empty, half-written), or JSON of another shape', () => {
    for (const text of ['', '{"pid":', 'not json', '{"pid":"42"}', 'null', '[]']) {
      expect(parseJson(text, owner)).toBeUndefined();
    }
  });
});
