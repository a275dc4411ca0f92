// Writes a project's test cases and their latest verified traversals to a folder of YAML and JSON files.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import type { ApiClient } from '../client/api-client.ts';
import type {
  ApiDocument,
  ApiSecret,
  ApiTestCase,
  ApiTraversal,
  ApiTraversalDetail,
} from '../client/api-types.ts';
import { resolveTags, resolveTestCases, type Scope, tagNamesOf } from '../run/resolve-scope.ts';
import {
  EXPORT_FORMAT,
  type ExportManifest,
  MANIFEST_FILE,
  TEST_CASES_DIR,
  type TestCaseFile,
  TRAVERSALS_DIR,
  type TraversalFile,
  uniqueSlugger,
} from './transfer-format.ts';

export interface ExportSummary {
  testCases: number;
  traversals: number;
  /** Test case × browser config pairs without a verified traversal (nothing to export for them). */
  unrecorded: string[];
}

async function latestVerified(
  client: ApiClient,
  organizationId: string,
  testCaseId: string,
  browserConfigId: string,
): Promise<ApiTraversalDetail | null> {
  // Newest first: the first verified one is the one replay uses.
  const versions = await client.list<ApiTraversal>(
    `/api/orgs/${organizationId}/test-cases/${testCaseId}/traversals`,
    {
      query: { browserConfigId },
    },
  );
  const latest = versions.find((v) => v.verified);
  if (!latest) return null;
  return client.get<ApiTraversalDetail>(`/api/orgs/${organizationId}/traversals/${latest.id}`);
}

function selectCases(
  scope: Scope,
  tags: readonly string[],
  tests: readonly string[],
): ApiTestCase[] {
  if (tests.length > 0) return resolveTestCases(scope, tests);
  if (tags.length > 0) {
    const ids = new Set(resolveTags(scope, tags).map((t) => t.id));
    return scope.testCases.filter((c) => c.tagIds.some((id) => ids.has(id)));
  }
  return scope.testCases;
}

export async function exportTests(
  client: ApiClient,
  scope: Scope,
  outDir: string,
  selection: { tags: readonly string[]; tests: readonly string[] },
): Promise<ExportSummary> {
  const base = `/api/orgs/${scope.organizationId}/projects/${scope.project.id}`;
  const [documents, secrets] = await Promise.all([
    client.list<ApiDocument>(`${base}/documents`),
    client.list<ApiSecret>(`${base}/secrets`),
  ]);
  // Oldest first, so an import creates them in the order they were written.
  const cases = [...selectCases(scope, selection.tags, selection.tests)].reverse();
  const configName = new Map(scope.browserConfigs.map((c) => [c.id, c.name]));
  const slugOf = uniqueSlugger();
  await mkdir(path.join(outDir, TEST_CASES_DIR), { recursive: true });
  const usedConfigs = new Set<string>();
  const usedTags = new Set<string>();
  const usedDocuments = new Set<string>();
  const files: string[] = [];
  const summary: ExportSummary = { testCases: 0, traversals: 0, unrecorded: [] };

  for (const testCase of cases) {
    const slug = slugOf(testCase.name);
    const document = documents.find((d) => d.id === testCase.documentId) ?? null;
    if (document) usedDocuments.add(document.id);
    const tags = tagNamesOf(scope, testCase);
    tags.forEach((t) => usedTags.add(t));
    const traversals: TestCaseFile['traversals'] = [];
    const configSlugOf = uniqueSlugger();
    for (const browserConfigId of testCase.browserConfigIds) {
      usedConfigs.add(browserConfigId);
      const browserConfig = configName.get(browserConfigId) ?? browserConfigId;
      const detail = await latestVerified(
        client,
        scope.organizationId,
        testCase.id,
        browserConfigId,
      );
      if (!detail) {
        summary.unrecorded.push(`${testCase.name} [${browserConfig}]`);
        continue;
      }
      const file = path.posix.join(TRAVERSALS_DIR, slug, `${configSlugOf(browserConfig)}.json`);
      const content: TraversalFile = {
        format: EXPORT_FORMAT,
        testCase: testCase.name,
        browserConfig,
        version: detail.version,
        source: detail.source,
        verified: detail.verified,
        expectedOutcome: detail.expectedOutcome,
        secrets: detail.secrets.map((s) => ({ name: s.name, version: s.version })),
        brainStates: detail.brainStates.map((state) => ({
          evaluationPreviousGoal: state.evaluationPreviousGoal,
          memory: state.memory,
          nextGoal: state.nextGoal,
          valid: state.valid,
          actions: state.actions.map((a) => ({
            action: a.action,
            domElementData: a.domElementData,
          })),
        })),
      };
      await mkdir(path.join(outDir, TRAVERSALS_DIR, slug), { recursive: true });
      await writeFile(path.join(outDir, file), `${JSON.stringify(content, null, 2)}\n`);
      traversals.push({ browserConfig, file });
      summary.traversals++;
    }
    const testCaseFile: TestCaseFile = {
      name: testCase.name,
      testDescription: testCase.testDescription,
      expectedOutcome: testCase.expectedOutcome,
      extraRules: testCase.extraRules,
      urlRoute: testCase.urlRoute,
      allowedDomains: testCase.allowedDomains,
      tags,
      browserConfigs: testCase.browserConfigIds.map((id) => configName.get(id) ?? id),
      document: document?.name ?? null,
      traversals,
    };
    const file = path.posix.join(TEST_CASES_DIR, `${slug}.yaml`);
    await writeFile(path.join(outDir, file), toYaml(testCaseFile, { lineWidth: 0 }));
    files.push(file);
    summary.testCases++;
  }

  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    project: { name: scope.project.name, defaultUrlRoute: scope.project.defaultUrlRoute },
    tags: scope.tags
      .filter((t) => usedTags.has(t.name))
      .map((t) => ({ name: t.name, color: t.color })),
    browserConfigs: scope.browserConfigs
      .filter((c) => usedConfigs.has(c.id))
      .map((c) => ({ name: c.name, builtin: c.builtin, browserConfig: c.browserConfig })),
    documents: documents
      .filter((d) => usedDocuments.has(d.id))
      .map((d) => ({ name: d.name, content: d.content })),
    secrets: secrets.map((s) => s.name).sort(),
    testCases: files,
  };
  await writeFile(path.join(outDir, MANIFEST_FILE), toYaml(manifest, { lineWidth: 0 }));
  return summary;
}
