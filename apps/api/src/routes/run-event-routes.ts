// Live progress as Server-Sent Events: one run (snapshot, then its events until it ends) or a whole project.
import { type Actor, getProject, getRun, getRunDetail } from '@retrace/domain';
import type { RunEvent } from '@retrace/queue';
import type { ApiServices } from '../api-deps.ts';
import { type ApiRoute, defineOrgRoute } from '../http/api-route.ts';
import { withOrg } from '../schemas/common-schemas.ts';
import { toRunDetailJson } from '../schemas/run-schemas.ts';
import { type EventSink, serveEventStream } from '../runs/event-stream.ts';

const TAG = 'Runs';
const FINISHED = new Set(['PASSED', 'FAILED']);

const STREAM_DESCRIPTION = `\`text/event-stream\`. Send the Authorization header (use fetch streaming, not EventSource).
Events: \`snapshot\` (a RunDetail), then the worker's \`state\`, \`step_started\`, \`step_finished\`, \`screenshot\`
(with a signed \`screenshotUrl\`) and \`log\` events, and \`heartbeat\` every 15 s.`;

/** A run event as the client sees it: artifact keys become signed URLs. */
function eventPayload(services: ApiServices, event: RunEvent): Record<string, unknown> {
  if (event.type === 'screenshot') {
    return { ...event, screenshotUrl: services.urls.urlFor(event.artifactKey) };
  }
  return event;
}

function send(sink: EventSink, services: ApiServices, event: RunEvent): void {
  sink.send(
    event.type,
    eventPayload(services, event),
    event.seq === undefined ? undefined : String(event.seq),
  );
}

async function sendSnapshot(
  sink: EventSink,
  services: ApiServices,
  actor: Actor,
  runId: string,
): Promise<boolean> {
  const detail = await getRunDetail(services.domain, actor, { runId });
  sink.send('snapshot', toRunDetailJson(detail, services.urls));
  return FINISHED.has(detail.run.state);
}

/** Sends the final snapshot and ends the stream when the run is over. */
async function closeIfFinished(
  sink: EventSink,
  services: ApiServices,
  actor: Actor,
  runId: string,
): Promise<void> {
  if (sink.closed) return;
  if (await sendSnapshot(sink, services, actor, runId)) sink.close();
}

const runEventsRoute = defineOrgRoute({
  operationId: 'streamRunEvents',
  method: 'get',
  path: '/api/orgs/{orgId}/runs/{runId}/events',
  tag: TAG,
  summary: 'Follow a run live: its current state and history, then its events until it ends',
  description: `${STREAM_DESCRIPTION} The stream closes after the run finishes (with a final \`snapshot\`).`,
  access: 'guest',
  params: withOrg('runId'),
  responses: [{ status: 200, description: 'An event stream', contentType: 'text/event-stream' }],
  async handle({ c, services, actor, params }) {
    // Checked before the stream opens, so an unknown run is a plain 404 problem.
    await getRun(services.domain, actor, { runId: params.runId });
    return serveEventStream(c, {
      heartbeatMs: services.config.sseHeartbeatMs,
      onError: (error) => services.logger.warn('run event stream failed', { error: String(error) }),
      async start(sink) {
        // Subscribed before the snapshot is read, so no event falls between the two.
        const early: RunEvent[] = [];
        let snapshotSent = false;
        const finishIfOver = () => closeIfFinished(sink, services, actor, params.runId);
        const unsubscribe = await services.runEvents.subscribeRunEvents(
          params.runId,
          (event) => {
            if (!snapshotSent) {
              early.push(event);
              return;
            }
            send(sink, services, event);
            if (event.type === 'state' && FINISHED.has(event.state)) {
              finishIfOver().catch(() => sink.close());
            }
          },
          { onResync: () => void finishIfOver().catch(() => sink.close()) },
        );
        try {
          const over = await sendSnapshot(sink, services, actor, params.runId);
          snapshotSent = true;
          for (const event of early) send(sink, services, event);
          if (over) sink.close();
        } catch (error) {
          unsubscribe();
          throw error;
        }
        return unsubscribe;
      },
      async onHeartbeat(sink) {
        // Events are best effort; the database is not: a run that ended unheard still ends the stream.
        const run = await getRun(services.domain, actor, { runId: params.runId });
        if (FINISHED.has(run.state)) await closeIfFinished(sink, services, actor, params.runId);
      },
    });
  },
});

const projectRunEventsRoute = defineOrgRoute({
  operationId: 'streamProjectRunEvents',
  method: 'get',
  path: '/api/orgs/{orgId}/projects/{projectId}/runs/events',
  tag: TAG,
  summary: 'Follow every run of a project live (for run lists)',
  description: `${STREAM_DESCRIPTION} Starts with a \`ready\` event; stays open until the client leaves.`,
  access: 'guest',
  params: withOrg('projectId'),
  responses: [{ status: 200, description: 'An event stream', contentType: 'text/event-stream' }],
  async handle({ c, services, actor, params }) {
    await getProject(services.domain, actor, { projectId: params.projectId });
    return serveEventStream(c, {
      heartbeatMs: services.config.sseHeartbeatMs,
      onError: (error) =>
        services.logger.warn('project event stream failed', { error: String(error) }),
      async start(sink) {
        const unsubscribe = await services.runEvents.subscribeRunEvents(
          '*',
          (event) => {
            if (event.projectId === params.projectId) send(sink, services, event);
          },
          { onResync: () => sink.send('resync', { projectId: params.projectId }) },
        );
        sink.send('ready', { projectId: params.projectId });
        return unsubscribe;
      },
    });
  },
});

export const runEventRoutes: ApiRoute[] = [runEventsRoute, projectRunEventsRoute];
