// Query keys of every API read, nested so that one invalidation refreshes everything under an organization or project.
import type { CostGroupBy, RunListQuery } from './api-types.ts';

export const queryKeys = {
  me: ['me'] as const,
  org: (orgId: string) => ['org', orgId] as const,
  projects: (orgId: string) => ['org', orgId, 'projects'] as const,
  project: (orgId: string, projectId: string) => ['org', orgId, 'project', projectId] as const,
  testCases: (
    orgId: string,
    projectId: string,
    filters: { tagId?: string; search?: string } = {},
  ) => ['org', orgId, 'project', projectId, 'test-cases', filters] as const,
  allTestCases: (orgId: string, projectId: string) =>
    ['org', orgId, 'project', projectId, 'test-cases'] as const,
  testCase: (orgId: string, testCaseId: string) => ['org', orgId, 'test-case', testCaseId] as const,
  traversals: (orgId: string, testCaseId: string) =>
    ['org', orgId, 'test-case', testCaseId, 'traversals'] as const,
  traversal: (orgId: string, traversalId: string) =>
    ['org', orgId, 'traversal', traversalId] as const,
  tags: (orgId: string, projectId: string) => ['org', orgId, 'project', projectId, 'tags'] as const,
  runs: (orgId: string, projectId: string, query: RunListQuery = {}) =>
    ['org', orgId, 'project', projectId, 'runs', query] as const,
  allRuns: (orgId: string, projectId: string) =>
    ['org', orgId, 'project', projectId, 'runs'] as const,
  run: (orgId: string, runId: string) => ['org', orgId, 'run', runId] as const,
  costs: (orgId: string, projectId: string, groupBy: CostGroupBy, from: string, timeZone: string) =>
    ['org', orgId, 'project', projectId, 'costs', groupBy, from, timeZone] as const,
  secrets: (orgId: string, projectId: string) =>
    ['org', orgId, 'project', projectId, 'secrets'] as const,
  documents: (orgId: string, projectId: string) =>
    ['org', orgId, 'project', projectId, 'documents'] as const,
  document: (orgId: string, documentId: string) => ['org', orgId, 'document', documentId] as const,
  testConfigs: (orgId: string, projectId: string) =>
    ['org', orgId, 'project', projectId, 'test-configs'] as const,
  browserConfigs: (orgId: string) => ['org', orgId, 'browser-configs'] as const,
  members: (orgId: string) => ['org', orgId, 'members'] as const,
  invitations: (orgId: string) => ['org', orgId, 'invitations'] as const,
  apiKeys: (orgId: string) => ['org', orgId, 'api-keys'] as const,
};
