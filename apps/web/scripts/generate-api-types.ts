// Regenerates src/api/api-schema.ts from the OpenAPI document of a real `retrace serve` (or of --from <url>).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { API_SCHEMA_FILE, renderApiTypes } from './api-types.ts';
import { startRetrace } from './retrace-process.ts';

async function fetchDocument(baseUrl: string): Promise<unknown> {
  const response = await fetch(new URL('/api/openapi.json', baseUrl), {
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`GET /api/openapi.json answered ${response.status}`);
  return response.json();
}

async function main(): Promise<void> {
  const fromIndex = process.argv.indexOf('--from');
  const from = fromIndex >= 0 ? process.argv[fromIndex + 1] : undefined;
  let document: unknown;
  if (from) {
    document = await fetchDocument(from);
  } else {
    const server = await startRetrace({ command: 'serve', readyTimeoutMs: 120_000 });
    try {
      document = await fetchDocument(server.url);
    } finally {
      await server.stop();
    }
  }
  await mkdir(path.dirname(API_SCHEMA_FILE), { recursive: true });
  await writeFile(API_SCHEMA_FILE, await renderApiTypes(document));
  console.log(`wrote ${path.relative(process.cwd(), API_SCHEMA_FILE)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
