// Reads an export folder back: tags, browser configs, documents, test cases and their traversals (fingerprints kept).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { ApiClient } from '../client/api-client.ts';
import type { ApiProject } from '../client/api-types.ts';
import { CliError, describeError } from '../cli-error.ts';
import { loadScope, type Scope } from '../run/resolve-scope.ts';
import {
  type ExportManifest,
  MANIFEST_FILE,
  manifestSchema,
  type TestCaseFile,
  testCaseFileSchema,
  type TraversalFile,
  traversalFileSchema,
} from './transfer-format.ts';
import {
  ensureBrowserConfigs,
  ensureDocuments,
  ensureSecretsFromEnv,
  ensureTags,
  secretEnvName,
  upsertTestCase,
} from './upsert-test-cases.ts';

export interface ImportSummary {
  created: number;
  updated: number;
  traversals: number;
  /** Problems that skipped an item; the rest was imported. */
  problems: string[];
}

interface ReadFolder {
  manifest: ExportManifest;
  testCases: {
    file: string;
    content: TestCaseFile;
    traversals: { file: string; content: TraversalFile }[];
  }[];
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
}

async function readValidated<T>(
  dir: string,
  file: string,
  schema: z.ZodType<T>,
  json: boolean,
): Promise<T> {
  const full = path.resolve(dir, file);
  if (!full.startsWith(path.resolve(dir) + path.sep)) {
    throw new CliError('IMPORT_FAILED', `${file}: points outside the export folder`);
  }
  let raw: unknown;
  try {
    const text = await readFile(full, 'utf8');
    raw = json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new CliError('IMPORT_FAILED', `${file}: cannot read it: ${describeError(error)}`, {
      cause: error,
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new CliError('IMPORT_FAILED', `${file}: ${issuesOf(parsed.error)}`);
  return parsed.data;
}

/** Reads and validates every file before anything is written, so a broken export changes nothing. */
export async function readExportFolder(dir: string): Promise<ReadFolder> {
  const manifest = await readValidated(dir, MANIFEST_FILE, manifestSchema, false);
  const testCases: ReadFolder['testCases'] = [];
  for (const file of manifest.testCases) {
    const content = await readValidated(dir, file, testCaseFileSchema, false);
    const traversals = [];
    for (const ref of content.traversals) {
      traversals.push({
        file: ref.file,
        content: await readValidated(dir, ref.file, traversalFileSchema, true),
      });
    }
    testCases.push({ file, content, traversals });
  }
  return { manifest, testCases };
}

async function targetProject(
  client: ApiClient,
  organizationId: string,
  manifest: ExportManifest,
  chosen: ApiProject | null,
): Promise<ApiProject> {
  if (chosen) return chosen;
  const projects = await client.list<ApiProject>(`/api/orgs/${organizationId}/projects`);
  const found = projects.find((p) => p.name === manifest.project.name);
  if (found) return found;
  return client.post<ApiProject>(`/api/orgs/${organizationId}/projects`, {
    body: { name: manifest.project.name, defaultUrlRoute: manifest.project.defaultUrlRoute },
  });
}

export async function importExportFolder(
  client: ApiClient,
  input: {
    dir: string;
    organizationId: string;
    project: ApiProject | null;
    extraTags: readonly string[];
    /** RETRACE_SECRET_<NAME> values create the secrets the project lacks. */
    env: Readonly<Record<string, string | undefined>>;
  },
): Promise<{ summary: ImportSummary; scope: Scope }> {
  const folder = await readExportFolder(input.dir);
  const project = await targetProject(client, input.organizationId, folder.manifest, input.project);
  const scope = await loadScope(client, input.organizationId, project);
  const summary: ImportSummary = { created: 0, updated: 0, traversals: 0, problems: [] };
  const colors = new Map(folder.manifest.tags.map((t) => [t.name, t.color]));
  const tagNames = new Set([
    ...folder.testCases.flatMap((t) => t.content.tags),
    ...input.extraTags,
  ]);
  const tagIds = await ensureTags(
    client,
    scope,
    [...tagNames].map((name) => ({
      name,
      ...(colors.has(name) ? { color: colors.get(name) as string } : {}),
    })),
  );
  const configs = new Map(folder.manifest.browserConfigs.map((c) => [c.name, c.browserConfig]));
  const configNames = new Set(
    folder.testCases.flatMap((t) => [
      ...t.content.browserConfigs,
      ...t.traversals.map((r) => r.content.browserConfig),
    ]),
  );
  const configIds = await ensureBrowserConfigs(
    client,
    scope,
    [...configNames].map((name) => ({
      name,
      ...(configs.has(name) ? { browserConfig: configs.get(name) } : {}),
    })),
  );
  const documentIds = await ensureDocuments(client, scope, folder.manifest.documents);
  const secrets = await ensureSecretsFromEnv(client, scope, folder.manifest.secrets, input.env);

  for (const { file, content, traversals } of folder.testCases) {
    const { testCase, created } = await upsertTestCase(
      client,
      scope,
      {
        name: content.name,
        testDescription: content.testDescription,
        expectedOutcome: content.expectedOutcome,
        extraRules: content.extraRules,
        urlRoute: content.urlRoute,
        allowedDomains: content.allowedDomains,
        documentId: content.document === null ? null : (documentIds.get(content.document) ?? null),
      },
      {
        tagIds: [...content.tags, ...input.extraTags].map((name) => tagIds.get(name) as string),
        browserConfigIds: content.browserConfigs.map((name) => configIds.get(name) as string),
      },
    );
    if (created) summary.created++;
    else summary.updated++;
    for (const traversal of traversals) {
      const missing = traversal.content.secrets.filter(
        (s) => !secrets.some((known) => known.name === s.name),
      );
      if (missing.length > 0) {
        summary.problems.push(
          `${traversal.file}: skipped — it types the secret(s) ${missing.map((s) => s.name).join(', ')}, which project "${project.name}" does not have: values are never exported — create them in the dashboard, or set ${missing.map((s) => secretEnvName(s.name)).join(', ')} and import again`,
        );
        continue;
      }
      try {
        await client.post(
          `/api/orgs/${input.organizationId}/test-cases/${testCase.id}/traversals`,
          {
            body: {
              browserConfigId: configIds.get(traversal.content.browserConfig),
              expectedOutcome: traversal.content.expectedOutcome,
              verified: traversal.content.verified,
              source: 'import',
              brainStates: traversal.content.brainStates,
              // The version that counts is the target project's current one.
              secrets: traversal.content.secrets.map((s) => ({
                name: s.name,
                version: secrets.find((known) => known.name === s.name)?.version ?? s.version,
              })),
            },
          },
        );
        summary.traversals++;
      } catch (error) {
        summary.problems.push(`${traversal.file} (${file}): ${describeError(error)}`);
      }
    }
  }
  return { summary, scope };
}
