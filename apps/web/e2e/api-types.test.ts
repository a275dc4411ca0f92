// The committed API types match the OpenAPI document the running server publishes (else: npm run generate:api).
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { API_SCHEMA_FILE, renderApiTypes } from '../scripts/api-types.ts';

const server = inject('retrace');

describe('generated API types', () => {
  it('are up to date with the server’s OpenAPI document', async () => {
    const response = await fetch(`${server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const expected = await renderApiTypes(await response.json());
    const committed = await readFile(API_SCHEMA_FILE, 'utf8');
    // A mismatch means the API changed: run `npm run generate:api -w @retrace/web` and commit the result.
    expect(
      committed === expected,
      'src/api/api-schema.ts is stale: run npm run generate:api -w @retrace/web',
    ).toBe(true);
  });
});
