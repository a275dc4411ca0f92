// The Retrace queue over pg-boss (PGlite in one process, or a PostgreSQL server shared by many workers).
import { type ConstructorOptions, PgBoss, fromPglite } from 'pg-boss';
import {
  EXPIRY_GRACE_SECONDS,
  JOB_CATALOG,
  JOB_NAMES,
  type JobName,
  type JobPayloadInput,
  type JobPolicy,
  resolveJobPolicy,
} from './job-catalog.ts';
import { describeJobFailure } from './job-failure.ts';
import { type NotificationChannel, createNotificationChannel } from './notification-channel.ts';
import { QueueError } from './queue-errors.ts';
import {
  type CreateQueueOptions,
  DEFAULT_QUEUE_TIMINGS,
  type EnqueueOptions,
  type JobQueue,
  PROJECT_CHANGES_CHANNEL,
  type QueueTimings,
  type RunJobInfo,
} from './queue-types.ts';
import { decodeRunEvent, encodeRunEvent } from './run-events.ts';
import {
  type ActiveJobs,
  type JobHandler,
  type JobWorker,
  type WorkOptions,
  workJobs,
} from './work-jobs.ts';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;
/** Time given to aborted handlers to hand their jobs back before pg-boss fails them itself. */
const ABORT_GRACE_MS = 5_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export function createQueue(options: CreateQueueOptions): JobQueue {
  const schema = options.schema ?? 'pgboss';
  if (!SCHEMA_NAME.test(schema)) {
    throw new QueueError(
      'QUEUE_CONFIG_INVALID',
      `queue schema "${schema}" must match ${SCHEMA_NAME}`,
    );
  }
  const timings: QueueTimings = { ...DEFAULT_QUEUE_TIMINGS, ...options.timings };
  const policies = Object.fromEntries(
    JOB_NAMES.map((name) => [name, resolveJobPolicy(name, options.policies)]),
  ) as Record<JobName, JobPolicy>;
  for (const name of JOB_NAMES) {
    const { deadLetter, heartbeatSeconds } = policies[name];
    if (deadLetter !== null && !(deadLetter in JOB_CATALOG)) {
      throw new QueueError(
        'QUEUE_CONFIG_INVALID',
        `job ${name} dead-letters to unknown job ${deadLetter}`,
      );
    }
    if (heartbeatSeconds !== null && heartbeatSeconds < 10) {
      throw new QueueError(
        'QUEUE_CONFIG_INVALID',
        `job ${name}: heartbeatSeconds must be at least 10`,
      );
    }
  }
  const onError = options.onError ?? ((error: Error) => console.error('[retrace queue]', error));
  const eventsChannel = `retrace_${schema}_events`;
  const cancelChannel = `retrace_${schema}_cancel`;
  const activeJobs: ActiveJobs = new Map();
  const workers = new Set<JobWorker>();

  const common: ConstructorOptions = {
    schema,
    supervise: true,
    schedule: false,
    migrate: true,
    superviseIntervalSeconds: timings.superviseIntervalSeconds,
    monitorIntervalSeconds: timings.superviseIntervalSeconds,
    useListenNotify: true,
    ...(options.instanceName === undefined ? {} : { instanceName: options.instanceName }),
  };
  const boss =
    options.pglite !== undefined
      ? new PgBoss({ ...common, db: fromPglite(options.pglite), backend: 'pglite' })
      : new PgBoss({
          ...common,
          connectionString: options.connectionString,
          max: options.poolSize ?? 10,
          application_name: `retrace-queue:${schema}`,
        });
  boss.on('error', onError);
  boss.on('warning', (warning) => options.onWarning?.(warning));

  let notifications: NotificationChannel | null = null;
  let cancelListener: Promise<() => void> | null = null;
  let state: 'new' | 'started' | 'stopped' = 'new';
  let starting: Promise<void> | null = null;

  function requireStarted(): NotificationChannel {
    if (state !== 'started' || notifications === null) {
      throw new QueueError('QUEUE_NOT_STARTED', 'call start() before using the queue');
    }
    return notifications;
  }

  function queueOptionsOf(name: JobName) {
    const policy = policies[name];
    return {
      retryLimit: policy.retryLimit,
      retryDelay: policy.retryDelaySeconds,
      retryBackoff: policy.retryBackoff,
      expireInSeconds: policy.timeoutSeconds + EXPIRY_GRACE_SECONDS,
      deleteAfterSeconds: policy.keepFinishedSeconds,
      notify: true,
    };
  }

  /** Creates the catalog's queues, or brings existing ones up to the current policies. */
  async function ensureQueue(name: JobName): Promise<void> {
    const { queue } = JOB_CATALOG[name];
    const policy = policies[name];
    const deadLetter =
      policy.deadLetter === null ? null : JOB_CATALOG[policy.deadLetter as JobName].queue;
    const settings = queueOptionsOf(name);
    if ((await boss.getQueue(queue)) === null) {
      try {
        await boss.createQueue(queue, {
          ...settings,
          ...(policy.retryBackoff ? { retryDelayMax: policy.retryDelayMaxSeconds } : {}),
          policy: policy.policy,
          ...(deadLetter === null ? {} : { deadLetter }),
          ...(policy.heartbeatSeconds === null
            ? {}
            : { heartbeatSeconds: policy.heartbeatSeconds }),
        });
        return;
      } catch (error) {
        // Another process created it first; fall through to update it.
        if ((await boss.getQueue(queue)) === null) throw error;
      }
    }
    await boss.updateQueue(queue, {
      ...settings,
      // pg-boss only accepts a maximum delay alongside backoff.
      retryDelayMax: policy.retryBackoff ? policy.retryDelayMaxSeconds : null,
      deadLetter,
      heartbeatSeconds: policy.heartbeatSeconds,
    });
  }

  async function doStart(): Promise<void> {
    try {
      await boss.start();
      // Dead-letter targets first: a queue can only name a dead-letter queue that exists.
      const ordered = [...JOB_NAMES].sort(
        (a, b) => Number(policies[a].deadLetter !== null) - Number(policies[b].deadLetter !== null),
      );
      for (const name of ordered) await ensureQueue(name);
    } catch (error) {
      await boss.stop({ graceful: false, close: true }).catch(() => undefined);
      throw new QueueError('QUEUE_UNAVAILABLE', 'the queue could not start on its database', {
        cause: error,
      });
    }
    const execute = (text: string, values: unknown[]) => boss.getDb().executeSql(text, values);
    notifications =
      options.pglite !== undefined
        ? createNotificationChannel({ kind: 'pglite', pglite: options.pglite, execute })
        : createNotificationChannel({
            kind: 'server',
            connectionString: options.connectionString,
            execute,
            applicationName: `retrace-listen:${schema}`,
          });
    state = 'started';
  }

  async function ensureCancelListener(channel: NotificationChannel): Promise<void> {
    cancelListener ??= channel.listen(cancelChannel, (jobId) =>
      activeJobs.get(jobId)?.('JOB_CANCELLED'),
    );
    await cancelListener;
  }

  async function work<N extends JobName>(
    name: N,
    handler: JobHandler<N>,
    workOptions: WorkOptions,
  ): Promise<JobWorker> {
    const channel = requireStarted();
    await ensureCancelListener(channel);
    const worker = await workJobs(
      {
        boss,
        policy: policies[name],
        activeJobs,
        heartbeatRefreshSeconds: timings.heartbeatRefreshSeconds,
        defaultPollingIntervalSeconds: timings.pollingIntervalSeconds,
        onError,
      },
      name,
      handler,
      workOptions,
    );
    workers.add(worker);
    return worker;
  }

  async function enqueue<N extends JobName>(
    name: N,
    payload: JobPayloadInput<N>,
    enqueueOptions: EnqueueOptions = {},
  ): Promise<string | null> {
    requireStarted();
    const definition = JOB_CATALOG[name];
    const parsed = definition.payload.safeParse(payload);
    if (!parsed.success) {
      throw new QueueError(
        'JOB_PAYLOAD_INVALID',
        `payload of job ${name} is invalid: ${parsed.error.message}`,
      );
    }
    const { priority, singletonKey, timeoutSeconds, startAfter } = enqueueOptions;
    if (policies[name].policy === 'exclusive' && singletonKey === undefined) {
      // Without a key every job of an exclusive queue would share one slot.
      throw new QueueError('QUEUE_CONFIG_INVALID', `job ${name} needs a singletonKey`);
    }
    if (timeoutSeconds !== undefined && !(Number.isInteger(timeoutSeconds) && timeoutSeconds > 0)) {
      throw new QueueError('QUEUE_CONFIG_INVALID', 'timeoutSeconds must be a positive integer');
    }
    return boss.send(definition.queue, parsed.data, {
      ...(priority === undefined ? {} : { priority }),
      ...(singletonKey === undefined ? {} : { singletonKey }),
      ...(timeoutSeconds === undefined
        ? {}
        : { expireInSeconds: timeoutSeconds + EXPIRY_GRACE_SECONDS }),
      ...(startAfter === undefined ? {} : { startAfter }),
    });
  }

  async function cancel(jobId: string, name: JobName = 'run'): Promise<boolean> {
    const channel = requireStarted();
    const result = (await boss.cancel(JOB_CATALOG[name].queue, jobId)) as { affected?: number };
    const cancelled = (result.affected ?? 0) > 0;
    // The running worker hears it now instead of at its next heartbeat.
    if (cancelled) await channel.notify(cancelChannel, jobId);
    return cancelled;
  }

  async function findRunJobs(runId: string): Promise<RunJobInfo[]> {
    requireStarted();
    const jobs = await boss.findJobs<{ runId: string }>(JOB_CATALOG.run.queue, { data: { runId } });
    return jobs.map((job) => ({
      jobId: job.id,
      runId: job.data.runId,
      state: job.state,
      attempt: job.retryCount + 1,
      maxAttempts: job.retryLimit + 1,
      createdOn: job.createdOn,
      startedOn: job.startedOn ?? null,
      completedOn: job.completedOn ?? null,
      failure: job.state === 'completed' ? null : describeJobFailure(job.output),
    }));
  }

  return {
    schema,

    async start() {
      if (state === 'started') return;
      if (state === 'stopped')
        throw new QueueError('QUEUE_NOT_STARTED', 'a stopped queue cannot restart');
      starting ??= doStart().finally(() => {
        starting = null;
      });
      await starting;
    },

    async stop({ graceful = true, timeoutMs = 30_000 } = {}) {
      if (starting !== null) await starting.catch(() => undefined);
      if (state !== 'started') return;
      state = 'stopped';
      const all = [...workers];
      const drained = Promise.all(all.map((worker) => worker.stop({ graceful })));
      await Promise.race([drained, delay(timeoutMs)]);
      if (all.some((worker) => worker.active > 0)) {
        await Promise.all(all.map((worker) => worker.stop({ graceful: false })));
        await Promise.race([drained, delay(ABORT_GRACE_MS)]);
      }
      await notifications?.close();
      // Whatever still runs is failed by pg-boss and retried elsewhere: never left active forever.
      await boss.stop({ graceful: true, timeout: 1_000, close: true }).catch(onError);
    },

    enqueue,
    work,

    enqueueRun({ runId, ...rest }) {
      return enqueue('run', { runId }, { ...rest, singletonKey: rest.singletonKey ?? runId });
    },

    workRuns(handler, workOptions) {
      return work('run', (job) => handler({ ...job, runId: job.payload.runId }), workOptions);
    },

    workDeadRuns(handler, workOptions = {}) {
      return work(
        'run-dead',
        (job) =>
          handler({
            ...job,
            runId: job.payload.runId,
            failure: job.deadLetter?.failure ?? {
              code: 'JOB_FAILED',
              message: 'the run job failed without a recorded reason',
            },
            sourceJobId: job.deadLetter?.sourceJobId ?? job.jobId,
            attempts: job.deadLetter?.attempts ?? 1,
          }),
        { concurrency: 2, ...workOptions },
      );
    },

    cancel,

    async cancelRun(runId) {
      const live = (await findRunJobs(runId)).filter((job) =>
        ['created', 'retry', 'active'].includes(job.state),
      );
      let count = 0;
      for (const job of live) if (await cancel(job.jobId)) count++;
      return count;
    },

    findRunJobs,

    async publishRunEvent(event) {
      const channel = requireStarted();
      await channel.notify(eventsChannel, encodeRunEvent(event));
    },

    async subscribeRunEvents(runId, listener, subscribeOptions = {}) {
      const channel = requireStarted();
      return channel.listen(
        eventsChannel,
        (payload) => {
          const event = decodeRunEvent(payload);
          if (event === null) {
            onError(
              new QueueError(
                'RUN_EVENT_INVALID',
                'dropped a run event that does not match the schema',
              ),
            );
          } else if (runId === '*' || event.runId === runId) {
            listener(event);
          }
        },
        subscribeOptions.onResync,
      );
    },

    async subscribeProjectChanges(listener, hooks = {}) {
      const channel = requireStarted();
      return channel.listen(PROJECT_CHANGES_CHANNEL, listener, hooks.onResync, hooks.onInterrupted);
    },

    recoveryWindowSeconds() {
      const run = policies.run;
      const firstRetryDelay = Math.min(
        run.retryBackoff ? 2 * Math.max(1, run.retryDelaySeconds) : run.retryDelaySeconds,
        run.retryDelayMaxSeconds,
      );
      return (
        (run.heartbeatSeconds ?? run.timeoutSeconds + EXPIRY_GRACE_SECONDS) +
        timings.superviseIntervalSeconds +
        firstRetryDelay +
        timings.pollingIntervalSeconds +
        5
      );
    },
  };
}
