// `retrace run`: runs test cases locally (embedded server and worker in this process) or on a server, and reports.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_PROJECT_NAME } from '@retrace/demo';
import { CliError } from '../cli-error.ts';
import { type CommandContext, isInteractive } from '../command-context.ts';
import { buildRunConfig, buildWorkerConfig, type RunConfig } from '../config/command-configs.ts';
import { renderJsonReport } from '../reporters/json-reporter.ts';
import { renderJunitReport } from '../reporters/junit-reporter.ts';
import { ANSI_STYLE, PLAIN_STYLE, renderLineReport } from '../reporters/line-reporter.ts';
import { type DemoSelection, executeRuns } from '../run/execute-runs.ts';
import { createPlainProgress, createTerminalProgress } from '../run/progress-display.ts';
import { exitCodeOf, type RunReport } from '../run/run-report.ts';
import { type ApiTarget, openApiTarget } from '../runtime/open-api-target.ts';
import { startWorker } from '../runtime/start-server.ts';
import { loadDemo } from './load-demo.ts';
import { describeLlm } from './serve-command.ts';

function renderReport(report: RunReport, reporter: RunConfig['reporter'], color: boolean): string {
  switch (reporter) {
    case 'line':
      return renderLineReport(report, color ? ANSI_STYLE : PLAIN_STYLE);
    case 'json':
      return renderJsonReport(report);
    case 'junit':
      return renderJunitReport(report);
  }
}

interface RunTarget {
  target: ApiTarget;
  demo: DemoSelection | null;
  close(): Promise<void>;
}

/** Opens the API to run against; in-process, also a worker (and the demo shop with --demo). */
async function openRunTarget(ctx: CommandContext, config: RunConfig): Promise<RunTarget> {
  if (config.remote && config.demo && ctx.resolved.origins.demoVariant?.kind !== 'default') {
    throw new CliError(
      'USAGE',
      '--demo-variant applies to a local run: against a server, the variant is the one its `retrace demo` serves',
    );
  }
  const workerConfig = config.remote ? null : buildWorkerConfig(ctx.resolved);
  const target = await openApiTarget(ctx, 'run');
  const closers: (() => Promise<void>)[] = [() => target.close()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  if (target.kind !== 'in-process' || !target.stack || !target.localAccess || !workerConfig) {
    return { target, demo: null, close };
  }
  try {
    const log = { info: ctx.warn, warn: ctx.warn };
    const worker = startWorker(target.stack, workerConfig, log);
    await worker.start();
    closers.push(() => worker.stop({ graceful: false }));
    const where =
      target.stack.config.database.kind === 'pglite'
        ? `the embedded database in ${target.stack.config.dataDir}`
        : 'the PostgreSQL server';
    ctx.warn(`local run on ${where}; ${describeLlm(workerConfig)}`);
    let demo: DemoSelection | null = null;
    if (config.demo) {
      const loaded = await loadDemo(ctx, {
        stack: target.stack,
        organizationId: target.localAccess.organizationId,
        variant: config.demoVariant,
        workerConfig,
      });
      closers.push(loaded.close);
      demo = loaded.selection;
    }
    return { target, demo, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function writeReport(
  ctx: CommandContext,
  config: RunConfig,
  report: RunReport,
): Promise<void> {
  const color = Boolean(ctx.io.stdout.isTTY) && isInteractive(ctx.io);
  if (config.output !== null) {
    const file = path.resolve(ctx.io.cwd, config.output);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, renderReport(report, config.reporter, false));
    ctx.io.stdout.write(renderLineReport(report, color ? ANSI_STYLE : PLAIN_STYLE));
    ctx.say(`${config.reporter} report written to ${config.output}`);
    return;
  }
  ctx.io.stdout.write(renderReport(report, config.reporter, color));
}

export async function runRunCommand(ctx: CommandContext): Promise<number> {
  const config = buildRunConfig(ctx.resolved);
  const opened = await openRunTarget(ctx, config);
  try {
    const report = await executeRuns({
      client: opened.target.client,
      config,
      dashboardUrl: opened.target.dashboardUrl,
      demo: opened.demo,
      demoProjectName: DEMO_PROJECT_NAME,
      signal: ctx.io.signal,
      say: ctx.warn,
      createProgress: (titleOf) =>
        isInteractive(ctx.io)
          ? createTerminalProgress(ctx.io.stderr, titleOf, ctx.io.stderr.columns)
          : createPlainProgress(ctx.io.stderr, titleOf),
    });
    await writeReport(ctx, config, report);
    return exitCodeOf(report);
  } finally {
    await opened.close();
  }
}
