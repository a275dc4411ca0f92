// Writes docs/cli.md from the command table (run after changing a command or a setting).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCliDocs } from './render-cli-docs.ts';

export const CLI_DOCS_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'docs',
  'cli.md',
);

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFile(CLI_DOCS_FILE, await renderCliDocs(CLI_DOCS_FILE));
  console.log(`wrote ${path.relative(process.cwd(), CLI_DOCS_FILE)}`);
}
