// Live run events (state changes, steps, screenshots, logs): their schema and wire encoding for NOTIFY.
import { z } from 'zod';
import { entityIdSchema } from './job-catalog.ts';
import { QueueError } from './queue-errors.ts';

export const RUN_STATES = ['QUEUED', 'RUNNING', 'PASSED', 'FAILED'] as const;
export const RUN_FAILURE_KINDS = [
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

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; keep a margin. */
export const MAX_RUN_EVENT_BYTES = 7900;

const shortText = (max: number) => z.string().max(max);

const base = {
  runId: entityIdSchema,
  projectId: entityIdSchema,
  /** ISO 8601 time the event happened. */
  at: z.iso.datetime({ offset: true }),
  /** Increasing per run when the publisher numbers its events; lets a client order and de-duplicate. */
  seq: z.number().int().min(0).optional(),
};

export const runEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      ...base,
      type: z.literal('state'),
      state: z.enum(RUN_STATES),
      failureKind: z.enum(RUN_FAILURE_KINDS).optional(),
      message: shortText(500).optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('step_started'),
      stepIdx: z.number().int().min(0),
      actionIdx: z.number().int().min(0).optional(),
      goal: shortText(300).optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('step_finished'),
      stepIdx: z.number().int().min(0),
      actionIdx: z.number().int().min(0).optional(),
      status: z.enum(['passed', 'failed']),
      historyElementId: entityIdSchema.optional(),
      durationMs: z.number().int().min(0).optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('screenshot'),
      stepIdx: z.number().int().min(0),
      historyElementId: entityIdSchema.optional(),
      artifactKey: shortText(512),
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('log'),
      level: z.enum(['debug', 'info', 'warn', 'error']),
      message: shortText(1000),
    })
    .strict(),
]);

/** An event as published: never secret values, only ids and short texts the worker already redacted. */
export type RunEvent = z.infer<typeof runEventSchema>;
export type RunEventType = RunEvent['type'];

/** Validates an event and encodes it for NOTIFY; throws RUN_EVENT_INVALID or RUN_EVENT_TOO_LARGE. */
export function encodeRunEvent(event: RunEvent): string {
  const parsed = runEventSchema.safeParse(event);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'event'}: ${issue.message}`)
      .join('; ');
    throw new QueueError('RUN_EVENT_INVALID', `run event is invalid: ${problems}`);
  }
  const text = JSON.stringify(parsed.data);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_RUN_EVENT_BYTES) {
    throw new QueueError(
      'RUN_EVENT_TOO_LARGE',
      `run event of ${bytes} bytes exceeds ${MAX_RUN_EVENT_BYTES}: publish ids, not contents`,
    );
  }
  return text;
}

/** Decodes a NOTIFY payload; null when it is not a valid event (another version, or garbage). */
export function decodeRunEvent(payload: string): RunEvent | null {
  try {
    const parsed = runEventSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
