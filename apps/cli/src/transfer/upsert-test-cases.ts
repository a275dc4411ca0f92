// Creates or updates (matched by name) tags, browser configs, documents and test cases of a project through the API.
import type { ApiClient } from '../client/api-client.ts';
import type {
  ApiBrowserConfig,
  ApiDocument,
  ApiSecret,
  ApiTag,
  ApiTestCase,
} from '../client/api-types.ts';
import { CliError } from '../cli-error.ts';
import { findByIdOrName, type Scope } from '../run/resolve-scope.ts';

export const DEFAULT_TAG_COLOR = '#718096';

export async function ensureTags(
  client: ApiClient,
  scope: Scope,
  wanted: readonly { name: string; color?: string }[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const { name, color } of wanted) {
    let tag = findByIdOrName(scope.tags, name);
    if (!tag) {
      tag = await client.post<ApiTag>(
        `/api/orgs/${scope.organizationId}/projects/${scope.project.id}/tags`,
        {
          body: { name, color: color ?? DEFAULT_TAG_COLOR },
        },
      );
      scope.tags.push(tag);
    }
    ids.set(name, tag.id);
  }
  return ids;
}

/** By name; a missing one is created when its settings are known (an export carries them), else refused. */
export async function ensureBrowserConfigs(
  client: ApiClient,
  scope: Scope,
  wanted: readonly { name: string; browserConfig?: Record<string, unknown> }[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const { name, browserConfig } of wanted) {
    let config = findByIdOrName(scope.browserConfigs, name);
    if (!config) {
      if (!browserConfig) {
        throw new CliError(
          'NOT_FOUND',
          `browser config "${name}" does not exist; browser configs: ${scope.browserConfigs.map((c) => `"${c.name}"`).join(', ')}`,
        );
      }
      config = await client.post<ApiBrowserConfig>(
        `/api/orgs/${scope.organizationId}/browser-configs`,
        {
          body: { name, browserConfig },
        },
      );
      scope.browserConfigs.push(config);
    }
    ids.set(name, config.id);
  }
  return ids;
}

export async function ensureDocuments(
  client: ApiClient,
  scope: Scope,
  wanted: readonly { name: string; content: string }[],
): Promise<Map<string, string>> {
  const base = `/api/orgs/${scope.organizationId}/projects/${scope.project.id}/documents`;
  const existing = await client.list<ApiDocument>(base);
  const ids = new Map<string, string>();
  for (const { name, content } of wanted) {
    const found = existing.find((d) => d.name === name);
    ids.set(
      name,
      found ? found.id : (await client.post<ApiDocument>(base, { body: { name, content } })).id,
    );
  }
  return ids;
}

export interface TestCaseFields {
  name: string;
  testDescription: string;
  expectedOutcome: string;
  extraRules: string;
  urlRoute: string;
  allowedDomains: string[];
  /** undefined leaves an existing link alone. */
  documentId?: string | null;
}

/** Matched by exact name: an existing test case gets the fields and any missing links; otherwise it is created. */
export async function upsertTestCase(
  client: ApiClient,
  scope: Scope,
  fields: TestCaseFields,
  links: { tagIds: readonly string[]; browserConfigIds: readonly string[] },
): Promise<{ testCase: ApiTestCase; created: boolean }> {
  const org = `/api/orgs/${scope.organizationId}`;
  const existing = scope.testCases.find((c) => c.name === fields.name);
  if (!existing) {
    const testCase = await client.post<ApiTestCase>(
      `${org}/projects/${scope.project.id}/test-cases`,
      {
        body: {
          ...fields,
          tagIds: [...links.tagIds],
          ...(links.browserConfigIds.length > 0
            ? { browserConfigIds: [...links.browserConfigIds] }
            : {}),
        },
      },
    );
    scope.testCases.push(testCase);
    return { testCase, created: true };
  }
  let testCase = await client.patch<ApiTestCase>(`${org}/test-cases/${existing.id}`, {
    body: fields,
  });
  for (const tagId of links.tagIds) {
    if (!testCase.tagIds.includes(tagId)) {
      testCase = await client.put<ApiTestCase>(`${org}/test-cases/${existing.id}/tags/${tagId}`);
    }
  }
  for (const browserConfigId of links.browserConfigIds) {
    if (!testCase.browserConfigIds.includes(browserConfigId)) {
      testCase = await client.put<ApiTestCase>(
        `${org}/test-cases/${existing.id}/browser-configs/${browserConfigId}`,
      );
    }
  }
  scope.testCases[scope.testCases.indexOf(existing)] = testCase;
  return { testCase, created: false };
}

/** RETRACE_SECRET_<NAME>: how a secret's value reaches an import (exports and servers never give values out). */
export function secretEnvName(name: string): string {
  return `RETRACE_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Creates the named secrets the project lacks from RETRACE_SECRET_<NAME> variables (existing ones are left as
 * they are). Returns the project's secrets afterwards.
 */
export async function ensureSecretsFromEnv(
  client: ApiClient,
  scope: Scope,
  names: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<ApiSecret[]> {
  const base = `/api/orgs/${scope.organizationId}/projects/${scope.project.id}/secrets`;
  const secrets = await client.list<ApiSecret>(base);
  for (const name of names) {
    const value = env[secretEnvName(name)];
    if (secrets.some((s) => s.name === name) || value === undefined || value === '') continue;
    secrets.push(await client.post<ApiSecret>(base, { body: { name, value } }));
  }
  return secrets;
}
