// `retrace demo`: serve, load the bundled demo project, replay its suite, print the results, and keep serving.
import { DEMO_PROJECT_NAME, type DemoVariant } from '@retrace/demo';
import { createApiClient } from '../client/api-client.ts';
import { CliError, describeError } from '../cli-error.ts';
import { type CommandContext, isInteractive, untilStopped } from '../command-context.ts';
import { ANSI_STYLE, PLAIN_STYLE, renderLineReport } from '../reporters/line-reporter.ts';
import { executeRuns } from '../run/execute-runs.ts';
import { createPlainProgress, createTerminalProgress } from '../run/progress-display.ts';
import { loadDemo } from './load-demo.ts';
import { printServerBanner, startServer } from './serve-command.ts';

export async function runDemoCommand(ctx: CommandContext): Promise<number> {
  const running = await startServer(ctx, 'demo', { forceLocalMode: true });
  let closeDemo: () => Promise<void> = async () => undefined;
  try {
    printServerBanner(ctx, running);
    const access = running.localAccess;
    if (!access)
      throw new CliError('STARTUP_FAILED', 'the demo needs local mode (the local admin key)');
    const variant = (ctx.resolved.values.demoVariant as DemoVariant | undefined) ?? 'healthy';
    const demo = await loadDemo(ctx, {
      stack: running.stack,
      organizationId: access.organizationId,
      variant,
      workerConfig: running.workerConfig,
    });
    closeDemo = demo.close;
    const client = createApiClient({
      baseUrl: running.http.url,
      apiKey: access.apiKey,
      fetcher: running.fetch,
    });
    const interactive = isInteractive(ctx.io);
    try {
      const report = await executeRuns({
        client,
        config: {
          remote: null,
          org: null,
          project: null,
          tags: [],
          tests: [],
          demo: true,
          demoVariant: variant,
          mode: 'auto',
          browserConfigs: [],
          reporter: 'line',
          output: null,
          timeoutMs: (ctx.resolved.values.timeout as number | undefined) ?? 1_800_000,
        },
        dashboardUrl: running.server.publicUrl,
        demo: demo.selection,
        demoProjectName: DEMO_PROJECT_NAME,
        signal: ctx.io.signal,
        say: ctx.warn,
        createProgress: (titleOf) =>
          interactive
            ? createTerminalProgress(ctx.io.stderr, titleOf, ctx.io.stderr.columns)
            : createPlainProgress(ctx.io.stderr, titleOf),
      });
      ctx.io.stdout.write(
        renderLineReport(report, ctx.io.stdout.isTTY && interactive ? ANSI_STYLE : PLAIN_STYLE),
      );
    } catch (error) {
      if (ctx.io.signal.aborted) throw error;
      // The server stays up: the dashboard shows what went wrong.
      ctx.warn(`the demo suite could not run: ${describeError(error)}`);
    }
    ctx.say('');
    ctx.say(`Dashboard: ${running.server.publicUrl}`);
    ctx.say(`Demo shop (${variant}): ${demo.app.url}`);
    ctx.say('Still serving — press Ctrl-C to stop.');
    await untilStopped(ctx.io.signal);
    ctx.say('stopping…');
    return 0;
  } finally {
    await closeDemo();
    await running.stop();
  }
}
