// The browser config as operations return it: the validated engine config and whether it is a preset.
import type { BrowserConfigRow } from '@retrace/db';
import type { BrowserConfig } from '@retrace/engine';

export type BrowserConfigView = Omit<BrowserConfigRow, 'browserConfig'> & {
  browserConfig: BrowserConfig;
  /** Built-in presets are read-only and shared by every organization. */
  builtin: boolean;
};

export function toBrowserConfigView(row: BrowserConfigRow): BrowserConfigView {
  // Validated with browserConfigSchema before every write (presets by a test), so the cast holds.
  return {
    ...row,
    browserConfig: row.browserConfig as unknown as BrowserConfig,
    builtin: row.organizationId === null,
  };
}
