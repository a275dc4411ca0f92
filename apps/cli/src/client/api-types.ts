// The REST API's JSON shapes the CLI reads (a subset of /api/openapi.json).

export type RunState = 'QUEUED' | 'RUNNING' | 'PASSED' | 'FAILED';
export type FailureKind =
  | 'assertion_failed'
  | 'element_not_found'
  | 'ambiguous_element'
  | 'navigation_blocked'
  | 'outcome_unreachable'
  | 'timeout'
  | 'infrastructure'
  | 'cancelled'
  | 'budget_exceeded';

export interface ApiMe {
  principal: { kind: 'user' | 'api_key'; organizationId?: string };
  organizations: { id: string; name: string; role: string }[];
}

export interface ApiProject {
  id: string;
  organizationId: string;
  name: string;
  defaultUrlRoute: string;
}

export interface ApiTag {
  id: string;
  projectId: string;
  name: string;
  color: string;
}

export interface ApiBrowserConfig {
  id: string;
  organizationId: string | null;
  name: string;
  builtin: boolean;
  browserConfig: Record<string, unknown>;
}

export interface ApiTestCase {
  id: string;
  projectId: string;
  documentId: string | null;
  name: string;
  testDescription: string;
  expectedOutcome: string;
  extraRules: string;
  urlRoute: string;
  allowedDomains: string[];
  tagIds: string[];
  browserConfigIds: string[];
  updatedAt?: string;
}

export interface ApiDocument {
  id: string;
  projectId: string;
  name: string;
  content: string;
  testCaseId: string | null;
}

export interface ApiSecret {
  id: string;
  projectId: string;
  name: string;
  version: number;
}

export interface ApiRun {
  id: string;
  projectId: string;
  testCaseId: string;
  browserConfigId: string;
  batchId: string;
  attempt: number;
  retryOfRunId: string | null;
  mode: 'auto' | 'agentic' | 'replay';
  runType: 'AGENTIC' | 'REPLAY' | null;
  state: RunState;
  failureKind: FailureKind | null;
  failureMessage: string | null;
  repairWasNeeded: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  gifUrl: string | null;
}

export interface ApiHistoryElement {
  idx: number;
  state: 'PASSED' | 'FAILED';
  error: string | null;
  stepGoal: string;
  caption: string | null;
  screenshotUrl: string | null;
}

export interface ApiRunDetail {
  run: ApiRun;
  history: ApiHistoryElement[];
  cost: { costInDollars: number; model: string } | null;
}

export interface ApiBrainState {
  idxInTraversal: number;
  valid: boolean;
  evaluationPreviousGoal: string;
  memory: string;
  nextGoal: string;
  actions: {
    idxInBrainState: number;
    action: Record<string, unknown>;
    domElementData: Record<string, unknown> | null;
  }[];
}

export interface ApiTraversal {
  id: string;
  testCaseId: string;
  browserConfigId: string;
  version: number;
  expectedOutcome: string;
  verified: boolean;
  source: 'agentic' | 'repair' | 'steps_file' | 'import';
  createdAt: string;
}

export interface ApiTraversalDetail extends ApiTraversal {
  brainStates: ApiBrainState[];
  secrets: { secretId: string; name: string; version: number }[];
}
