// Creates (idempotently) the demo project in an organization and records its traversals from the steps files.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type Actor,
  attachBrowserConfig,
  attachTag,
  createDocument,
  createProject,
  createSecret,
  createTag,
  createTestCase,
  type DomainDeps,
  getBrowserConfig,
  getLatestVerifiedTraversal,
  listDocuments,
  listProjects,
  listSecrets,
  listTags,
  listTestCases,
  listTestConfigs,
  type Page,
  resolveSecretValues,
  saveTraversal,
  systemActor,
  updateProject,
  updateSecretValue,
  updateTestConfig,
} from '@retrace/domain';
import {
  type LaunchedBrowser,
  openBrowserSession,
  parseStepsFile,
  recordTraversalFromSteps,
  type StepsFile,
} from '@retrace/engine';
import {
  DEMO_DOCUMENT,
  DEMO_PROJECT_NAME,
  DEMO_SECRET_NAME,
  DEMO_TAGS,
  DEMO_TEST_CASES,
  DEMO_TESTS_DIR,
  type DemoTestCase,
} from './demo-suite.ts';
import { DEFAULT_DEMO_PASSWORD } from './start-demo-app.ts';

export interface LoadDemoProjectDeps {
  /** Needs `secretKey`: the demo password is stored as an encrypted secret. */
  domain: DomainDeps;
  /** Records the steps files; one context per recording. */
  browser: LaunchedBrowser;
}

/** The model the demo's default test config should use for agentic runs and repair (no key: that stays in the worker). */
export interface DemoLlmSettings {
  provider: 'openai' | 'anthropic' | 'openai-compatible';
  model: string;
  baseUrl?: string | null;
}

export interface LoadDemoProjectOptions {
  /** The organization to create the demo project in (the local one). */
  organizationId: string;
  /** Where the demo app serves the suite: the project's base URL (updated on every load). */
  baseUrl: string;
  /** A healthy demo app to record the steps files on; defaults to `baseUrl`. */
  recordingBaseUrl?: string;
  /** The demo account's password, stored as the secret `demo_password`. */
  password?: string;
  /** When set, the project's default test config uses this model (agentic runs and repair). */
  llm?: DemoLlmSettings | null;
  /** Recordings in parallel (each opens one browser context). Default 2. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export interface DemoTestCaseInfo {
  key: string;
  id: string;
  name: string;
  tags: string[];
  browserConfigIds: string[];
  /** False for the description-only test: it needs a model before it can be replayed. */
  replayable: boolean;
}

export interface DemoProject {
  organizationId: string;
  projectId: string;
  projectName: string;
  testCases: DemoTestCaseInfo[];
  /** The test cases a run of the demo suite selects: the replayable ones (plus the agentic one with a model). */
  suiteTestCaseIds: string[];
  /** Traversals recorded by this load (0 when every one existed). */
  recorded: number;
}

export class DemoLoadError extends Error {
  constructor(
    readonly code: 'DEMO_RECORDING_FAILED' | 'DEMO_LOAD_CANCELLED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DemoLoadError';
  }
}

async function listAll<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

const page = (cursor: string | undefined) => ({ limit: 200, ...(cursor ? { cursor } : {}) });

async function ensureProject(deps: DomainDeps, actor: Actor, baseUrl: string) {
  const projects = await listAll((cursor) => listProjects(deps, actor, page(cursor)));
  const existing = projects.find((p) => p.name === DEMO_PROJECT_NAME);
  if (!existing)
    return createProject(deps, actor, { name: DEMO_PROJECT_NAME, defaultUrlRoute: baseUrl });
  // The demo app gets a new port on every start: the project follows it.
  if (existing.defaultUrlRoute === baseUrl) return existing;
  return updateProject(deps, actor, { projectId: existing.id, defaultUrlRoute: baseUrl });
}

async function ensureTags(
  deps: DomainDeps,
  actor: Actor,
  projectId: string,
): Promise<Map<string, string>> {
  const tags = await listAll((cursor) => listTags(deps, actor, { projectId, ...page(cursor) }));
  const ids = new Map(tags.map((tag) => [tag.name, tag.id]));
  for (const [name, color] of Object.entries(DEMO_TAGS)) {
    if (!ids.has(name))
      ids.set(name, (await createTag(deps, actor, { projectId, name, color })).id);
  }
  return ids;
}

/** The secret holds the demo password; its version changes only when the password does. */
async function ensureSecret(
  deps: DomainDeps,
  actor: Actor,
  projectId: string,
  password: string,
): Promise<{ name: string; version: number }> {
  const secrets = await listAll((cursor) =>
    listSecrets(deps, actor, { projectId, ...page(cursor) }),
  );
  const existing = secrets.find((s) => s.secretName === DEMO_SECRET_NAME);
  if (!existing) {
    const created = await createSecret(deps, actor, {
      projectId,
      name: DEMO_SECRET_NAME,
      value: password,
    });
    return { name: DEMO_SECRET_NAME, version: created.version };
  }
  const current = (await resolveSecretValues(deps, actor, projectId, [DEMO_SECRET_NAME])).get(
    DEMO_SECRET_NAME,
  );
  if (current?.value === password) return { name: DEMO_SECRET_NAME, version: current.version };
  const updated = await updateSecretValue(deps, actor, { secretId: existing.id, value: password });
  return { name: DEMO_SECRET_NAME, version: updated.version };
}

async function ensureDocument(deps: DomainDeps, actor: Actor, projectId: string): Promise<string> {
  const documents = await listAll((cursor) =>
    listDocuments(deps, actor, { projectId, ...page(cursor) }),
  );
  const existing = documents.find((d) => d.name === DEMO_DOCUMENT.name);
  if (existing) return existing.id;
  return (await createDocument(deps, actor, { projectId, ...DEMO_DOCUMENT })).id;
}

async function readStepsFile(name: string): Promise<StepsFile> {
  const file = path.join(DEMO_TESTS_DIR, name);
  return parseStepsFile(await readFile(file, 'utf8'), { fileName: file });
}

interface Pending {
  testCaseId: string;
  browserConfigId: string;
  steps: StepsFile;
  name: string;
}

async function ensureTestCases(
  deps: DomainDeps,
  actor: Actor,
  projectId: string,
  tagIds: Map<string, string>,
  documentId: string,
): Promise<{ infos: DemoTestCaseInfo[]; steps: Map<string, StepsFile> }> {
  const existing = await listAll((cursor) =>
    listTestCases(deps, actor, { projectId, ...page(cursor) }),
  );
  const infos: DemoTestCaseInfo[] = [];
  const steps = new Map<string, StepsFile>();
  for (const demo of DEMO_TEST_CASES) {
    const file = demo.stepsFile === null ? null : await readStepsFile(demo.stepsFile);
    const fields = fieldsOf(demo, file);
    const wantedTags = demo.tags.map((name) => tagIds.get(name) as string);
    let testCase = existing.find((t) => t.name === fields.name);
    if (!testCase) {
      testCase = await createTestCase(deps, actor, {
        projectId,
        ...fields,
        tagIds: wantedTags,
        browserConfigIds: demo.browserConfigIds,
        documentId: demo.document === DEMO_DOCUMENT.name ? documentId : null,
      });
    } else {
      for (const tagId of wantedTags) {
        if (!testCase.tagIds.includes(tagId)) {
          await attachTag(deps, actor, { testCaseId: testCase.id, tagId });
        }
      }
      for (const browserConfigId of demo.browserConfigIds) {
        if (!testCase.browserConfigIds.includes(browserConfigId)) {
          await attachBrowserConfig(deps, actor, { testCaseId: testCase.id, browserConfigId });
        }
      }
    }
    if (file) steps.set(testCase.id, file);
    infos.push({
      key: demo.key,
      id: testCase.id,
      name: fields.name,
      tags: [...demo.tags],
      browserConfigIds: [...demo.browserConfigIds],
      replayable: file !== null,
    });
  }
  return { infos, steps };
}

function fieldsOf(demo: DemoTestCase, file: StepsFile | null) {
  if (file) {
    return {
      name: file.name,
      testDescription: file.description.trim() || file.name,
      expectedOutcome: file.expectedOutcome,
      urlRoute: file.startUrl,
      allowedDomains: file.allowedDomains,
      extraRules: file.extraRules ?? '',
    };
  }
  const agentic = demo.agentic;
  if (!agentic) throw new Error(`demo test ${demo.key} has neither a steps file nor a description`);
  return {
    name: agentic.name,
    testDescription: agentic.description,
    expectedOutcome: agentic.expectedOutcome,
    urlRoute: agentic.urlRoute,
    allowedDomains: [],
    extraRules: '',
  };
}

async function recordOne(
  deps: LoadDemoProjectDeps,
  actor: Actor,
  item: Pending,
  options: LoadDemoProjectOptions,
  secret: { name: string; version: number },
  password: string,
): Promise<void> {
  const session = await openBrowserSession({
    browser: deps.browser,
    config: (await configOf(deps.domain, actor, item.browserConfigId)) ?? {},
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    const traversal = await recordTraversalFromSteps(item.steps, {
      session,
      baseUrl: options.recordingBaseUrl ?? options.baseUrl,
      secrets: new Map([[DEMO_SECRET_NAME, password]]),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await saveTraversal(deps.domain, actor, {
      testCaseId: item.testCaseId,
      browserConfigId: item.browserConfigId,
      expectedOutcome: traversal.expectedOutcome,
      verified: true,
      source: 'steps_file',
      brainStates: traversal.brainStates.map((state) => ({
        evaluationPreviousGoal: state.evaluationPreviousGoal,
        memory: state.memory,
        nextGoal: state.nextGoal,
        valid: state.valid,
        actions: state.actions.map((a) => ({
          action: { ...a.action },
          domElementData: a.domElementData,
        })),
      })),
      secrets: traversal.secretNames.includes(secret.name) ? [secret] : [],
    });
  } finally {
    await session.close();
  }
}

async function configOf(deps: DomainDeps, actor: Actor, browserConfigId: string) {
  const row = await getBrowserConfig(deps, actor, { browserConfigId });
  return row.browserConfig;
}

/** Runs `work` over `items`, at most `limit` at a time; the first failure stops the rest. */
async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  let failed: unknown = null;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (failed === null && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failed ??= error;
      }
    }
  });
  await Promise.all(lanes);
  if (failed !== null) throw failed;
}

/**
 * Idempotent: the project, tags, secret, document and test cases are created when missing (matched by name),
 * links added when missing, and a traversal recorded only for a test case × browser config that has no
 * verified one yet. The project's base URL is set to `options.baseUrl`.
 */
export async function loadDemoProject(
  deps: LoadDemoProjectDeps,
  options: LoadDemoProjectOptions,
): Promise<DemoProject> {
  const actor = systemActor(options.organizationId);
  const domain = deps.domain;
  const password = options.password ?? DEFAULT_DEMO_PASSWORD;
  const progress = options.onProgress ?? (() => undefined);
  const project = await ensureProject(domain, actor, options.baseUrl);
  const tagIds = await ensureTags(domain, actor, project.id);
  const secret = await ensureSecret(domain, actor, project.id, password);
  const documentId = await ensureDocument(domain, actor, project.id);
  const { infos, steps } = await ensureTestCases(domain, actor, project.id, tagIds, documentId);

  if (options.llm) {
    const configs = await listTestConfigs(domain, actor, { projectId: project.id, limit: 200 });
    const defaults = configs.items.find((c) => c.name === 'default');
    if (defaults) {
      await updateTestConfig(domain, actor, {
        testConfigId: defaults.id,
        llmProvider: options.llm.provider,
        llmModel: options.llm.model,
        llmBaseUrl: options.llm.baseUrl ?? null,
        repairPolicy: 'auto',
      });
    }
  }

  const pending: Pending[] = [];
  for (const info of infos) {
    const file = steps.get(info.id);
    if (!file) continue;
    for (const browserConfigId of info.browserConfigIds) {
      const latest = await getLatestVerifiedTraversal(domain, actor, {
        testCaseId: info.id,
        browserConfigId,
      });
      if (!latest)
        pending.push({ testCaseId: info.id, browserConfigId, steps: file, name: info.name });
    }
  }
  if (pending.length > 0)
    progress(`recording ${pending.length} demo traversal(s) from steps files…`);
  await inPool(pending, options.concurrency ?? 2, async (item) => {
    if (options.signal?.aborted) {
      throw new DemoLoadError('DEMO_LOAD_CANCELLED', 'loading the demo project was cancelled');
    }
    try {
      await recordOne(deps, actor, item, options, secret, password);
    } catch (error) {
      if (options.signal?.aborted) {
        throw new DemoLoadError('DEMO_LOAD_CANCELLED', 'loading the demo project was cancelled', {
          cause: error,
        });
      }
      throw new DemoLoadError(
        'DEMO_RECORDING_FAILED',
        `recording the demo test "${item.name}" on ${item.browserConfigId} failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    progress(`recorded "${item.name}" on ${item.browserConfigId}`);
  });

  return {
    organizationId: options.organizationId,
    projectId: project.id,
    projectName: project.name,
    testCases: infos,
    suiteTestCaseIds: infos
      .filter((info) => info.replayable || Boolean(options.llm))
      .map((info) => info.id),
    recorded: pending.length,
  };
}
