import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../config/settings.ts';
import { COMMANDS } from '../program.ts';
import { renderCliDocs } from './render-cli-docs.ts';
import { CLI_DOCS_FILE } from './write-cli-docs.ts';

describe('docs/cli.md', () => {
  it('is what the command table renders (regenerate: npx tsx apps/cli/src/docs/write-cli-docs.ts)', async () => {
    expect(await readFile(CLI_DOCS_FILE, 'utf8')).toBe(await renderCliDocs(CLI_DOCS_FILE));
  });

  it('documents every command and every flag and variable', async () => {
    const docs = await renderCliDocs(CLI_DOCS_FILE);
    for (const command of COMMANDS) expect(docs).toContain(`retrace ${command.name}`);
    for (const setting of Object.values(SETTINGS)) {
      if (setting.flag) expect(docs).toContain(setting.flag);
      for (const name of setting.env ?? []) expect(docs).toContain(name);
    }
  });
});
