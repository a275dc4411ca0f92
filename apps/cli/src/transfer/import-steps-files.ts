// Imports steps files: each becomes a test case whose traversal is recorded once in a browser (fingerprints captured).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  type LaunchedBrowser,
  openBrowserSession,
  parseStepsFile,
  recordTraversalFromSteps,
  type StepsFile,
} from '@retrace/engine';
import type { ApiClient } from '../client/api-client.ts';
import type { ApiSecret } from '../client/api-types.ts';
import { CliError, describeError } from '../cli-error.ts';
import type { Scope } from '../run/resolve-scope.ts';
import type { ImportSummary } from './import-export-folder.ts';
import {
  ensureBrowserConfigs,
  ensureSecretsFromEnv,
  ensureTags,
  secretEnvName,
  upsertTestCase,
} from './upsert-test-cases.ts';

const STEPS_FILE = /\.steps\.(ya?ml|json)$/i;
/** The desktop preset (a test case without browser configs runs there). */
const DEFAULT_BROWSER_CONFIG_ID = 'builtin-desktop-chromium';

export function isStepsFile(file: string): boolean {
  return STEPS_FILE.test(file);
}

/** A steps file, or every steps file under a folder (recursively), in a stable order. */
export async function findStepsFiles(target: string): Promise<string[]> {
  const info = await stat(target);
  if (info.isFile()) return [target];
  const found: string[] = [];
  for (const entry of await readdir(target, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) found.push(...(await findStepsFiles(full)));
    else if (isStepsFile(entry.name)) found.push(full);
  }
  return found.sort();
}

export interface ParsedStepsFile {
  file: string;
  steps: StepsFile;
}

/** Parses every file first; all problems (each with its file and line) are reported together. */
export async function parseStepsFiles(
  files: readonly string[],
  cwd: string,
): Promise<ParsedStepsFile[]> {
  const parsed: ParsedStepsFile[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const name = path.relative(cwd, file) || file;
    try {
      parsed.push({
        file: name,
        steps: parseStepsFile(await readFile(file, 'utf8'), { fileName: name }),
      });
    } catch (error) {
      // The engine's message lists every problem on its own line, each with its line and what to fix.
      problems.push(
        error instanceof Error ? error.message.replace(/\n/g, '\n  ') : describeError(error),
      );
    }
  }
  if (problems.length > 0) {
    throw new CliError(
      'IMPORT_FAILED',
      `invalid steps file(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return parsed;
}

export interface StepsImportInput {
  files: readonly ParsedStepsFile[];
  scope: Scope;
  browser: LaunchedBrowser;
  tags: readonly string[];
  browserConfigs: readonly string[];
  /** Values of the secrets the steps use, by name. */
  resolveSecrets(
    names: readonly string[],
    known: readonly ApiSecret[],
  ): Promise<Map<string, string>>;
  /** RETRACE_SECRET_<NAME> values create the secrets the project lacks. */
  env: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export async function importStepsFiles(
  client: ApiClient,
  input: StepsImportInput,
): Promise<ImportSummary> {
  const { scope } = input;
  const summary: ImportSummary = { created: 0, updated: 0, traversals: 0, problems: [] };
  const tagIds = await ensureTags(
    client,
    scope,
    input.tags.map((name) => ({ name })),
  );
  const chosenConfigs = await ensureBrowserConfigs(
    client,
    scope,
    input.browserConfigs.map((name) => ({ name })),
  );
  const secretNames = [...new Set(input.files.flatMap((f) => f.steps.secretNames))];
  const known = await ensureSecretsFromEnv(client, scope, secretNames, input.env);
  const missing = secretNames.filter((name) => !known.some((s) => s.name === name));
  if (missing.length > 0) {
    throw new CliError(
      'IMPORT_FAILED',
      `the steps use secret(s) ${missing.join(', ')}, which project "${scope.project.name}" does not have: create them in the dashboard, or set ${missing.map(secretEnvName).join(', ')}`,
    );
  }
  const values =
    secretNames.length > 0
      ? await input.resolveSecrets(secretNames, known)
      : new Map<string, string>();

  for (const { file, steps } of input.files) {
    const existing = scope.testCases.find((c) => c.name === steps.name);
    const configIds =
      chosenConfigs.size > 0
        ? [...chosenConfigs.values()]
        : existing && existing.browserConfigIds.length > 0
          ? existing.browserConfigIds
          : [DEFAULT_BROWSER_CONFIG_ID];
    const { testCase, created } = await upsertTestCase(
      client,
      scope,
      {
        name: steps.name,
        testDescription: steps.description.trim() || steps.name,
        expectedOutcome: steps.expectedOutcome,
        extraRules: steps.extraRules ?? '',
        urlRoute: steps.startUrl,
        allowedDomains: steps.allowedDomains,
      },
      { tagIds: [...tagIds.values()], browserConfigIds: configIds },
    );
    if (created) summary.created++;
    else summary.updated++;
    for (const browserConfigId of configIds) {
      const config = scope.browserConfigs.find((c) => c.id === browserConfigId);
      const label = `${steps.name} [${config?.name ?? browserConfigId}]`;
      input.onProgress?.(`recording ${label} from ${file}…`);
      const session = await openBrowserSession({
        browser: input.browser,
        config: config?.browserConfig ?? {},
        ...(input.signal ? { signal: input.signal } : {}),
      });
      try {
        const traversal = await recordTraversalFromSteps(steps, {
          session,
          baseUrl: scope.project.defaultUrlRoute,
          secrets: values,
          ...(input.signal ? { signal: input.signal } : {}),
        });
        await client.post(
          `/api/orgs/${scope.organizationId}/test-cases/${testCase.id}/traversals`,
          {
            body: {
              browserConfigId,
              expectedOutcome: traversal.expectedOutcome,
              verified: true,
              source: 'steps_file',
              brainStates: traversal.brainStates.map((state) => ({
                evaluationPreviousGoal: state.evaluationPreviousGoal,
                memory: state.memory,
                nextGoal: state.nextGoal,
                valid: state.valid,
                actions: state.actions.map((a) => ({
                  action: a.action,
                  domElementData: a.domElementData,
                })),
              })),
              secrets: traversal.secretNames.map((name) => ({
                name,
                version: known.find((s) => s.name === name)?.version ?? 1,
              })),
            },
          },
        );
        summary.traversals++;
      } catch (error) {
        if (input.signal?.aborted)
          throw new CliError('CANCELLED', 'import interrupted', { cause: error });
        summary.problems.push(`${file}: recording ${label} failed: ${describeError(error)}`);
      } finally {
        await session.close();
      }
    }
  }
  return summary;
}
