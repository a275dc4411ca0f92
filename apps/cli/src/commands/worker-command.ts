// `retrace worker`: takes runs from the queue of a PostgreSQL server; any number of these on any machines.
import { type CommandContext, untilStopped } from '../command-context.ts';
import {
  buildStackConfig,
  buildWorkerConfig,
  requireServerDatabase,
} from '../config/command-configs.ts';
import { openStack } from '../runtime/open-stack.ts';
import { startWorker } from '../runtime/start-server.ts';
import { describeLlm } from './serve-command.ts';

export async function runWorkerCommand(ctx: CommandContext): Promise<number> {
  const stackConfig = buildStackConfig(ctx.resolved, ctx.io.cwd);
  requireServerDatabase(stackConfig);
  const workerConfig = buildWorkerConfig(ctx.resolved);
  const log = { info: ctx.say, warn: ctx.warn };
  const stack = await openStack(stackConfig, {
    command: 'worker',
    signal: ctx.io.signal,
    onError: (error) => ctx.warn(`queue: ${error.message}`),
  });
  try {
    const worker = startWorker(stack, workerConfig, log);
    await worker.start();
    ctx.say(
      `worker ${worker.stats().workerId} is taking runs (${workerConfig.concurrency} at once); ${describeLlm(workerConfig)}`,
    );
    if (stackConfig.secretKeys === null) {
      ctx.warn(
        `secrets are decrypted with the key file in ${stackConfig.dataDir}: every server and worker needs the same key — set RETRACE_SECRET_KEY on all of them`,
      );
    }
    ctx.say('Press Ctrl-C to stop.');
    await untilStopped(ctx.io.signal);
    ctx.say('stopping: finishing running runs…');
    await worker.stop({ graceful: true });
    ctx.say('stopped');
    return 0;
  } finally {
    await stack.close();
  }
}
