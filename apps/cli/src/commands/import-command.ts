// `retrace import <path>`: an export folder, or steps files recorded once in a browser, into a project.
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { resolveSecretValues, systemActor } from '@retrace/domain';
import { launchBrowser } from '@retrace/engine';
import type { ApiSecret } from '../client/api-types.ts';
import { CliError, describeError } from '../cli-error.ts';
import type { CommandContext } from '../command-context.ts';
import { loadScope, resolveOrganization, resolveProject } from '../run/resolve-scope.ts';
import { type ApiTarget, openApiTarget } from '../runtime/open-api-target.ts';
import { type ImportSummary, importExportFolder } from '../transfer/import-export-folder.ts';
import {
  findStepsFiles,
  importStepsFiles,
  parseStepsFiles,
} from '../transfer/import-steps-files.ts';
import { secretEnvName } from '../transfer/upsert-test-cases.ts';
import { MANIFEST_FILE } from '../transfer/transfer-format.ts';

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Locally the project's secrets are read from the database; against a server, from RETRACE_SECRET_<NAME>. */
function secretResolver(
  ctx: CommandContext,
  target: ApiTarget,
  organizationId: string,
  projectId: string,
) {
  return async (
    names: readonly string[],
    _known: readonly ApiSecret[],
  ): Promise<Map<string, string>> => {
    if (target.stack) {
      const resolved = await resolveSecretValues(
        target.stack.domain,
        systemActor(organizationId),
        projectId,
        names,
      );
      return new Map([...resolved].map(([name, secret]) => [name, secret.value]));
    }
    const values = new Map<string, string>();
    const missing: string[] = [];
    for (const name of names) {
      const value = ctx.io.env[secretEnvName(name)];
      if (value === undefined || value === '') missing.push(secretEnvName(name));
      else values.set(name, value);
    }
    if (missing.length > 0) {
      throw new CliError(
        'IMPORT_FAILED',
        `recording the steps needs the value of each secret they type, and a server never gives values back: set ${missing.join(', ')}`,
      );
    }
    return values;
  };
}

function report(ctx: CommandContext, summary: ImportSummary, projectName: string): number {
  ctx.say(
    `imported into "${projectName}": ${summary.created} test case(s) created, ${summary.updated} updated, ${summary.traversals} traversal(s) saved`,
  );
  for (const problem of summary.problems) ctx.warn(problem);
  return summary.problems.length > 0 ? 2 : 0;
}

export async function runImportCommand(ctx: CommandContext): Promise<number> {
  const given = ctx.args[0];
  if (!given)
    throw new CliError(
      'USAGE',
      'give what to import: retrace import <export folder | steps file | folder of steps files>',
    );
  const source = path.resolve(ctx.io.cwd, given);
  if (!(await exists(source))) throw new CliError('USAGE', `${given} does not exist`);
  const values = ctx.resolved.values;
  const tags = (values.tags as string[] | undefined) ?? [];
  const isExport =
    (await stat(source)).isDirectory() && (await exists(path.join(source, MANIFEST_FILE)));
  // Steps files are validated before anything is opened: a typo costs no browser and no database.
  const stepsFiles = isExport
    ? []
    : await parseStepsFiles(await findStepsFiles(source), ctx.io.cwd);
  if (!isExport && stepsFiles.length === 0) {
    throw new CliError(
      'USAGE',
      `${given} holds neither an export (${MANIFEST_FILE}) nor steps files (*.steps.yaml, *.steps.json)`,
    );
  }
  const target = await openApiTarget(ctx, 'import');
  try {
    const organizationId = await resolveOrganization(
      target.client,
      (values.org as string | undefined) ?? null,
    );
    const wanted = (values.project as string | undefined) ?? null;
    if (isExport) {
      const project =
        wanted === null ? null : await resolveProject(target.client, organizationId, wanted);
      const { summary, scope } = await importExportFolder(target.client, {
        dir: source,
        organizationId,
        project,
        extraTags: tags,
        env: ctx.io.env,
      });
      return report(ctx, summary, scope.project.name);
    }
    const project = await resolveProject(target.client, organizationId, wanted);
    const scope = await loadScope(target.client, organizationId, project);
    const ws = values.browserWsEndpoint as string | undefined;
    const cdp = values.browserCdpEndpoint as string | undefined;
    let browser;
    try {
      browser = await launchBrowser({
        ...(values.chromiumPath ? { executablePath: values.chromiumPath as string } : {}),
        ...(ws ? { remote: { protocol: 'playwright' as const, wsEndpoint: ws } } : {}),
        ...(cdp && !ws ? { remote: { protocol: 'cdp' as const, endpointURL: cdp } } : {}),
        signal: ctx.io.signal,
      });
    } catch (error) {
      throw new CliError(
        'STARTUP_FAILED',
        `recording steps files needs a browser: ${describeError(error)}`,
        { cause: error },
      );
    }
    try {
      const summary = await importStepsFiles(target.client, {
        files: stepsFiles,
        scope,
        browser,
        tags,
        browserConfigs: (values.browserConfigs as string[] | undefined) ?? [],
        resolveSecrets: secretResolver(ctx, target, organizationId, project.id),
        env: ctx.io.env,
        signal: ctx.io.signal,
        onProgress: ctx.warn,
      });
      return report(ctx, summary, project.name);
    } finally {
      await browser.close();
    }
  } finally {
    await target.close();
  }
}
