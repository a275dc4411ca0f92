// `retrace export <dir>`: a project's test cases and latest verified traversals, as files `retrace import` reads back.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from '../cli-error.ts';
import type { CommandContext } from '../command-context.ts';
import { loadScope, resolveOrganization, resolveProject } from '../run/resolve-scope.ts';
import { openApiTarget } from '../runtime/open-api-target.ts';
import { exportTests } from '../transfer/export-tests.ts';

export async function runExportCommand(ctx: CommandContext): Promise<number> {
  const dir = ctx.args[0];
  if (!dir) throw new CliError('USAGE', 'give the folder to write to: retrace export <dir>');
  const outDir = path.resolve(ctx.io.cwd, dir);
  const values = ctx.resolved.values;
  const tags = (values.tags as string[] | undefined) ?? [];
  const tests = (values.tests as string[] | undefined) ?? [];
  if (tags.length > 0 && tests.length > 0) {
    throw new CliError(
      'CONFIG_INVALID',
      '--tag and --test are both given: export by tags or by test cases, not both',
    );
  }
  const target = await openApiTarget(ctx, 'export');
  try {
    const organizationId = await resolveOrganization(
      target.client,
      (values.org as string | undefined) ?? null,
    );
    const project = await resolveProject(
      target.client,
      organizationId,
      (values.project as string | undefined) ?? null,
    );
    const scope = await loadScope(target.client, organizationId, project);
    await mkdir(outDir, { recursive: true });
    const summary = await exportTests(target.client, scope, outDir, { tags, tests });
    ctx.say(
      `exported ${summary.testCases} test case(s) and ${summary.traversals} traversal(s) of "${project.name}" to ${dir}`,
    );
    if (summary.unrecorded.length > 0) {
      ctx.say(`not recorded yet (no traversal exported): ${summary.unrecorded.join(', ')}`);
    }
    return 0;
  } finally {
    await target.close();
  }
}
