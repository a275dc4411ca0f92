// Finds the organization, project, browser configs, tags and test cases a command names (by id or by name).
import type { ApiClient } from '../client/api-client.ts';
import type {
  ApiBrowserConfig,
  ApiMe,
  ApiProject,
  ApiTag,
  ApiTestCase,
} from '../client/api-types.ts';
import { CliError } from '../cli-error.ts';

export interface Scope {
  organizationId: string;
  project: ApiProject;
  testCases: ApiTestCase[];
  tags: ApiTag[];
  browserConfigs: ApiBrowserConfig[];
}

function listNames(names: string[]): string {
  const shown = names.slice(0, 10).map((name) => `"${name}"`);
  return names.length > 10 ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** Exact id, then exact name, then a unique case-insensitive name. */
export function findByIdOrName<T extends { id: string; name: string }>(
  items: readonly T[],
  wanted: string,
): T | null {
  const byId = items.find((item) => item.id === wanted);
  if (byId) return byId;
  const exact = items.filter((item) => item.name === wanted);
  if (exact.length === 1) return exact[0] ?? null;
  const folded = items.filter((item) => item.name.toLowerCase() === wanted.toLowerCase());
  return folded.length === 1 ? (folded[0] ?? null) : null;
}

export async function resolveOrganization(
  client: ApiClient,
  wanted: string | null,
): Promise<string> {
  const me = await client.get<ApiMe>('/api/me');
  if (wanted !== null) {
    const found = findByIdOrName(me.organizations, wanted);
    if (!found) {
      throw new CliError(
        'NOT_FOUND',
        `organization "${wanted}" is not one these credentials reach; they reach ${listNames(me.organizations.map((o) => o.name))}`,
      );
    }
    return found.id;
  }
  if (me.principal.organizationId) return me.principal.organizationId;
  const [only, ...others] = me.organizations;
  if (only && others.length === 0) return only.id;
  if (!only) throw new CliError('NOT_FOUND', 'these credentials belong to no organization');
  throw new CliError(
    'USAGE',
    `these credentials reach several organizations (${listNames(me.organizations.map((o) => o.name))}): choose one with --org`,
  );
}

export async function resolveProject(
  client: ApiClient,
  organizationId: string,
  wanted: string | null,
  hint = '',
): Promise<ApiProject> {
  const projects = await client.list<ApiProject>(`/api/orgs/${organizationId}/projects`);
  if (wanted !== null) {
    const found = findByIdOrName(projects, wanted);
    if (found) return found;
    throw new CliError(
      'NOT_FOUND',
      `project "${wanted}" was not found${hint}; ${projects.length === 0 ? 'there are no projects yet' : `projects: ${listNames(projects.map((p) => p.name))}`}`,
    );
  }
  const [only, ...others] = projects;
  if (only && others.length === 0) return only;
  if (!only) {
    throw new CliError(
      'NOTHING_SELECTED',
      'there are no projects yet: create one in the dashboard, import test cases with `retrace import`, or try the bundled demo with --demo',
    );
  }
  throw new CliError(
    'USAGE',
    `there are several projects (${listNames(projects.map((p) => p.name))}): choose one with --project`,
  );
}

/** Everything about a project the run and export commands need, in a few requests. */
export async function loadScope(
  client: ApiClient,
  organizationId: string,
  project: ApiProject,
): Promise<Scope> {
  const base = `/api/orgs/${organizationId}`;
  const [testCases, tags, browserConfigs] = await Promise.all([
    client.list<ApiTestCase>(`${base}/projects/${project.id}/test-cases`),
    client.list<ApiTag>(`${base}/projects/${project.id}/tags`),
    client.list<ApiBrowserConfig>(`${base}/browser-configs`),
  ]);
  return { organizationId, project, testCases, tags, browserConfigs };
}

export function resolveBrowserConfigs(scope: Scope, wanted: readonly string[]): ApiBrowserConfig[] {
  return wanted.map((name) => {
    const found = findByIdOrName(scope.browserConfigs, name);
    if (found) return found;
    throw new CliError(
      'NOT_FOUND',
      `browser config "${name}" was not found; browser configs: ${listNames(scope.browserConfigs.map((c) => c.name))}`,
    );
  });
}

export function resolveTags(scope: Scope, wanted: readonly string[]): ApiTag[] {
  return wanted.map((name) => {
    const found = findByIdOrName(scope.tags, name);
    if (found) return found;
    throw new CliError(
      'NOT_FOUND',
      `tag "${name}" does not exist in project "${scope.project.name}"; ${scope.tags.length === 0 ? 'it has no tags' : `tags: ${listNames(scope.tags.map((t) => t.name))}`}`,
    );
  });
}

export function resolveTestCases(scope: Scope, wanted: readonly string[]): ApiTestCase[] {
  return wanted.map((name) => {
    const found = findByIdOrName(scope.testCases, name);
    if (found) return found;
    throw new CliError(
      'NOT_FOUND',
      `test case "${name}" is not in project "${scope.project.name}" (give its id or its exact name)`,
    );
  });
}

export function tagNamesOf(scope: Scope, testCase: ApiTestCase): string[] {
  const names = new Map(scope.tags.map((tag) => [tag.id, tag.name]));
  return testCase.tagIds
    .map((id) => names.get(id))
    .filter((name): name is string => name !== undefined)
    .sort();
}
