// Starts the demo shop on loopback and loads the demo project into the local organization (recording what is missing).
import { type DemoApp, type DemoVariant, loadDemoProject, startDemoApp } from '@retrace/demo';
import { launchBrowser } from '@retrace/engine';
import { CliError, describeError } from '../cli-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { WorkerConfig } from '../config/command-configs.ts';
import type { DemoSelection } from '../run/execute-runs.ts';
import type { Stack } from '../runtime/open-stack.ts';

export interface LoadedDemo {
  app: DemoApp;
  selection: DemoSelection;
  close(): Promise<void>;
}

export async function loadDemo(
  ctx: CommandContext,
  input: { stack: Stack; organizationId: string; variant: DemoVariant; workerConfig: WorkerConfig },
): Promise<LoadedDemo> {
  const app = await startDemoApp({ variant: input.variant });
  // Traversals are recorded on a healthy shop: the broken one is the regression the suite must catch.
  const recordingApp =
    input.variant === 'healthy' ? app : await startDemoApp({ variant: 'healthy' });
  try {
    const browser = await launchBrowser({
      ...(input.workerConfig.browser.executablePath
        ? { executablePath: input.workerConfig.browser.executablePath }
        : {}),
      ...(input.workerConfig.browser.remote ? { remote: input.workerConfig.browser.remote } : {}),
      signal: ctx.io.signal,
    });
    let project;
    try {
      project = await loadDemoProject(
        { domain: input.stack.domain, browser },
        {
          organizationId: input.organizationId,
          baseUrl: app.url,
          recordingBaseUrl: recordingApp.url,
          llm: input.workerConfig.llm
            ? {
                provider: input.workerConfig.llm.provider,
                model: input.workerConfig.llm.model,
                baseUrl: input.workerConfig.llm.baseURL ?? null,
              }
            : null,
          signal: ctx.io.signal,
          onProgress: (message) => ctx.warn(`demo: ${message}`),
        },
      );
    } finally {
      await browser.close();
    }
    if (recordingApp !== app) await recordingApp.close();
    const skipped = project.testCases.filter((t) => !project.suiteTestCaseIds.includes(t.id));
    const note =
      skipped.length > 0
        ? `skipped ${skipped.map((t) => `"${t.name}"`).join(', ')}: it has only a description, and recording it needs a model — set OPENAI_API_KEY (or ANTHROPIC_API_KEY, or RETRACE_LLM_BASE_URL) to let the agent record it`
        : null;
    ctx.warn(
      `demo: shop "${input.variant}" at ${app.url}; project "${project.projectName}" with ${project.testCases.length} test cases`,
    );
    return {
      app,
      selection: { projectId: project.projectId, suiteTestCaseIds: project.suiteTestCaseIds, note },
      close: () => app.close(),
    };
  } catch (error) {
    await app.close();
    if (recordingApp !== app) await recordingApp.close();
    if (error instanceof CliError) throw error;
    throw new CliError('STARTUP_FAILED', `loading the demo failed: ${describeError(error)}`, {
      cause: error,
    });
  }
}
