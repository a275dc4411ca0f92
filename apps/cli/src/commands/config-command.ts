// `retrace config [command]`: shows each setting a command would use, its value (secrets masked) and where it came from.
import type { CommandContext } from '../command-context.ts';
import { describeOrigin } from '../config/resolve-settings.ts';
import { SETTINGS, type SettingKey } from '../config/settings.ts';

export function renderSettings(ctx: CommandContext, keys: readonly SettingKey[]): string {
  const rows = keys.map((key) => {
    const setting = SETTINGS[key];
    const origin = ctx.resolved.origins[key] ?? { kind: 'unset' as const };
    const value = ctx.resolved.values[key];
    const shown =
      value === undefined
        ? '–'
        : setting.secret
          ? '(set, hidden)'
          : Array.isArray(value)
            ? value.join(', ') || '(none)'
            : setting.kind === 'duration'
              ? `${Number(value) / 1000}s`
              : String(value);
    return [key, shown, describeOrigin(origin)] as const;
  });
  const width = Math.max(...rows.map(([key]) => key.length));
  const valueWidth = Math.min(48, Math.max(...rows.map(([, value]) => value.length)));
  return rows
    .map(([key, value, origin]) => `${key.padEnd(width)}  ${value.padEnd(valueWidth)}  ${origin}`)
    .join('\n');
}

export async function runConfigCommand(
  ctx: CommandContext,
  keys: readonly SettingKey[],
  command: string,
): Promise<number> {
  ctx.say(`settings of \`retrace ${command}\` (flags > environment > config file > defaults):`);
  ctx.say(renderSettings(ctx, keys));
  return 0;
}
