// Names for the API's schemas, taken from the generated OpenAPI types (never written by hand).
import type { components, paths } from './api-schema.ts';

type Schemas = components['schemas'];

export type Problem = Schemas['Problem'];
export type AuthSettings = Schemas['AuthSettings'];
export type Me = Schemas['Me'];
export type Organization = Schemas['Organization'];
export type Role = Organization['role'];
export type Member = Schemas['Member'];
export type Invitation = Schemas['Invitation'];
export type CreatedInvitation = Schemas['CreatedInvitation'];
export type ApiKey = Schemas['ApiKey'];
export type CreatedApiKey = Schemas['CreatedApiKey'];
export type Project = Schemas['Project'];
export type ProjectDocument = Schemas['Document'];
export type TestCase = Schemas['TestCase'];
export type Tag = Schemas['Tag'];
export type Secret = Schemas['Secret'];
export type BrowserConfig = Schemas['BrowserConfig'];
export type TestConfig = Schemas['TestConfig'];
export type Traversal = Schemas['Traversal'];
export type TraversalDetail = Schemas['TraversalDetail'];
export type BrainState = Schemas['BrainState'];
export type RecordedAction = Schemas['Action'];
export type Run = Schemas['Run'];
export type RunState = Run['state'];
export type FailureKind = NonNullable<Run['failureKind']>;
export type RunDetail = Schemas['RunDetail'];
export type HistoryElement = Schemas['HistoryElement'];
export type LocateMethod = HistoryElement['locateMethod'];
export type Cost = Schemas['Cost'];
export type CostTotals = Schemas['CostTotals'];
export type CostGroupBy = CostTotals['groupBy'];
export type TriggeredRuns = Schemas['TriggeredRuns'];

type JsonBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type CreateTestCaseBody = JsonBody<
  '/api/orgs/{orgId}/projects/{projectId}/test-cases',
  'post'
>;
export type UpdateTestCaseBody = JsonBody<'/api/orgs/{orgId}/test-cases/{testCaseId}', 'patch'>;
export type TriggerRunsBody = JsonBody<'/api/orgs/{orgId}/projects/{projectId}/runs', 'post'>;
export type CreateTestConfigBody = JsonBody<
  '/api/orgs/{orgId}/projects/{projectId}/test-configs',
  'post'
>;
export type RunListQuery = NonNullable<
  paths['/api/orgs/{orgId}/projects/{projectId}/runs']['get']['parameters']['query']
>;
