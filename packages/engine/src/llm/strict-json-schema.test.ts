import { zodSchema } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isStrictJsonSchema } from './strict-json-schema.ts';

const strictOf = async (schema: z.ZodType) =>
  isStrictJsonSchema(await zodSchema(schema).jsonSchema);

describe('isStrictJsonSchema', () => {
  it('accepts objects whose fields are all required, nested and in unions', async () => {
    const step = z.object({
      goal: z.string(),
      actions: z.array(
        z.discriminatedUnion('type', [
          z.object({ type: z.literal('click'), ref: z.string() }),
          z.object({ type: z.literal('wait'), ms: z.number().nullable() }),
        ]),
      ),
    });
    expect(await strictOf(step)).toBe(true);
  });

  it('refuses optional fields at any depth', async () => {
    expect(await strictOf(z.object({ a: z.string().optional() }))).toBe(false);
    expect(await strictOf(z.object({ a: z.array(z.object({ b: z.number().optional() })) }))).toBe(
      false,
    );
  });

  it('refuses free-form records', async () => {
    expect(await strictOf(z.object({ headers: z.record(z.string(), z.string()) }))).toBe(false);
  });

  it('is not confused by a property named like a schema keyword', async () => {
    expect(await strictOf(z.object({ properties: z.string(), required: z.boolean() }))).toBe(true);
  });
});
