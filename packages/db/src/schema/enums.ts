// Postgres enums of the data model: roles, run types and states, failure kinds, how an element was located.
import { pgEnum } from 'drizzle-orm/pg-core';

export const MEMBER_ROLES = ['admin', 'member', 'guest'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const memberRole = pgEnum('member_role', MEMBER_ROLES);

export const RUN_TYPES = ['AGENTIC', 'REPLAY'] as const;
export type RunType = (typeof RUN_TYPES)[number];
export const runType = pgEnum('run_type', RUN_TYPES);

export const RUN_STATES = ['QUEUED', 'RUNNING', 'PASSED', 'FAILED'] as const;
export type RunState = (typeof RUN_STATES)[number];
export const runState = pgEnum('run_state', RUN_STATES);

/** What the caller asked for: `auto` replays when a verified traversal exists, else runs the agent. */
export const RUN_MODES = ['auto', 'agentic', 'replay'] as const;
export type RunMode = (typeof RUN_MODES)[number];
export const runMode = pgEnum('run_mode', RUN_MODES);

export const FAILURE_KINDS = [
  'assertion_failed',
  'element_not_found',
  'ambiguous_element',
  'navigation_blocked',
  'outcome_unreachable',
  'timeout',
  'infrastructure',
  'cancelled',
  'budget_exceeded',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];
export const failureKind = pgEnum('failure_kind', FAILURE_KINDS);

export const HISTORY_ELEMENT_STATES = ['PASSED', 'FAILED'] as const;
export type HistoryElementState = (typeof HISTORY_ELEMENT_STATES)[number];
export const historyElementState = pgEnum('history_element_state', HISTORY_ELEMENT_STATES);

/** locator: the recorded locator held; healed: found by fingerprint similarity; repaired: found by the agent. */
export const LOCATE_METHODS = ['locator', 'healed', 'repaired', 'none'] as const;
export type LocateMethod = (typeof LOCATE_METHODS)[number];
export const locateMethod = pgEnum('locate_method', LOCATE_METHODS);

export const TRAVERSAL_SOURCES = ['agentic', 'repair', 'steps_file', 'import'] as const;
export type TraversalSource = (typeof TRAVERSAL_SOURCES)[number];
export const traversalSource = pgEnum('traversal_source', TRAVERSAL_SOURCES);

export const LLM_PROVIDERS = ['openai', 'anthropic', 'openai-compatible'] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];
export const llmProvider = pgEnum('llm_provider', LLM_PROVIDERS);

export const REPAIR_POLICIES = ['auto', 'never'] as const;
export type RepairPolicy = (typeof REPAIR_POLICIES)[number];
export const repairPolicy = pgEnum('repair_policy', REPAIR_POLICIES);
