// The response serialiser: a contract without codecs is parsed (zod's fast path), one with a codec is encoded; both
// drop keys the contract lacks and refuse a response that does not match.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hasCodec, zodSerializerCompiler } from './zod.ts';

const serializerOf = (schema: z.ZodType) => zodSerializerCompiler({ schema, method: 'GET', url: '/t', httpStatus: '200' } as never) as (d: unknown) => string;

describe('response serialisation', () => {
  it('finds a codec, a transform or a pipe wherever it sits', () => {
    const at = z.codec(z.iso.datetime(), z.date(), { decode: (s) => new Date(s), encode: (d) => d.toISOString() });
    expect(hasCodec(z.object({ a: z.string() }))).toBe(false);
    expect(hasCodec(z.object({ a: z.array(z.union([z.string(), z.object({ b: z.number().optional() })])) }))).toBe(false);
    expect(hasCodec(z.object({ a: z.string().transform((s) => s.length) }))).toBe(true);
    expect(hasCodec(z.object({ list: z.array(z.object({ at: at.nullable() })) }))).toBe(true);
    expect(hasCodec(z.record(z.string(), z.union([z.number(), z.object({ at })])))).toBe(true);
  });

  it('no contract holds a codec today, so every response takes the fast path', async () => {
    const dir = path.resolve(import.meta.dirname, '../../../../packages/contracts/src');
    let schemas = 0;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      const mod = (await import(path.join(dir, f))) as Record<string, unknown>;
      for (const [name, v] of Object.entries(mod)) {
        if (!(v instanceof z.ZodType)) continue;
        schemas++;
        expect(hasCodec(v), `${f} ${name}`).toBe(false);
      }
    }
    expect(schemas).toBeGreaterThan(50);
  });

  it('drops keys the contract lacks and refuses a mismatch, on either path', () => {
    const plain = serializerOf(z.object({ a: z.string(), n: z.number().optional() }));
    expect(plain({ a: 'x', secret: 'y' })).toBe('{"a":"x"}');
    expect(() => plain({ a: 1 })).toThrow(/does not match its schema/);
    const withCodec = serializerOf(z.object({ at: z.codec(z.iso.datetime(), z.date(), { decode: (s) => new Date(s), encode: (d) => d.toISOString() }) }));
    // Encoded: the Date becomes its ISO text (parsing would refuse a Date where the wire form is text).
    expect(withCodec({ at: new Date(0), secret: 'y' })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
  });
});
