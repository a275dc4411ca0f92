// Turns the API's OpenAPI document into the dashboard's TypeScript types (src/api/api-schema.ts).
import path from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import prettier from 'prettier';

export const API_SCHEMA_FILE = path.resolve(
  import.meta.dirname,
  '..',
  'src',
  'api',
  'api-schema.ts',
);

const HEADER = `// Types of the REST API, generated from its OpenAPI document: run \`npm run generate:api -w @retrace/web\`; do not edit.
`;

/** The file's full text, formatted as the repository formats TypeScript. */
export async function renderApiTypes(document: unknown): Promise<string> {
  // Servers (the listening URL) vary per process and do not shape any type.
  const { servers: _servers, ...stable } = document as OpenAPI3;
  const ast = await openapiTS(stable as OpenAPI3, { alphabetize: false });
  const text = HEADER + astToString(ast);
  const config = (await prettier.resolveConfig(API_SCHEMA_FILE)) ?? {};
  return prettier.format(text, { ...config, filepath: API_SCHEMA_FILE });
}
