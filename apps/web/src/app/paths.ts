// The dashboard's URLs in one place, so every link to a thing is the same shareable link.

export const paths = {
  signIn: (next?: string) =>
    next && next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in',
  org: (orgId: string) => `/orgs/${orgId}`,
  browserConfigs: (orgId: string) => `/orgs/${orgId}/browser-configs`,
  members: (orgId: string) => `/orgs/${orgId}/members`,
  apiKeys: (orgId: string) => `/orgs/${orgId}/api-keys`,
  orgSettings: (orgId: string) => `/orgs/${orgId}/settings`,
  project: (orgId: string, projectId: string) => `/orgs/${orgId}/projects/${projectId}`,
  testCases: (orgId: string, projectId: string, search = '') =>
    `/orgs/${orgId}/projects/${projectId}/test-cases${search ? `?${search}` : ''}`,
  newTestCase: (orgId: string, projectId: string) =>
    `/orgs/${orgId}/projects/${projectId}/test-cases/new`,
  testCase: (orgId: string, projectId: string, testCaseId: string) =>
    `/orgs/${orgId}/projects/${projectId}/test-cases/${testCaseId}`,
  editTestCase: (orgId: string, projectId: string, testCaseId: string) =>
    `/orgs/${orgId}/projects/${projectId}/test-cases/${testCaseId}/edit`,
  traversal: (orgId: string, projectId: string, traversalId: string) =>
    `/orgs/${orgId}/projects/${projectId}/traversals/${traversalId}`,
  runs: (orgId: string, projectId: string, search = '') =>
    `/orgs/${orgId}/projects/${projectId}/runs${search ? `?${search}` : ''}`,
  run: (orgId: string, projectId: string, runId: string) =>
    `/orgs/${orgId}/projects/${projectId}/runs/${runId}`,
  costs: (orgId: string, projectId: string) => `/orgs/${orgId}/projects/${projectId}/costs`,
  documents: (orgId: string, projectId: string) => `/orgs/${orgId}/projects/${projectId}/documents`,
  document: (orgId: string, projectId: string, documentId: string) =>
    `/orgs/${orgId}/projects/${projectId}/documents/${documentId}`,
  secrets: (orgId: string, projectId: string) => `/orgs/${orgId}/projects/${projectId}/secrets`,
  tags: (orgId: string, projectId: string) => `/orgs/${orgId}/projects/${projectId}/tags`,
  testConfigs: (orgId: string, projectId: string) =>
    `/orgs/${orgId}/projects/${projectId}/test-configs`,
  projectSettings: (orgId: string, projectId: string) =>
    `/orgs/${orgId}/projects/${projectId}/settings`,
};
