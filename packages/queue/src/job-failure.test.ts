import { describe, expect, it } from 'vitest';
import { describeJobFailure, failureOutput } from './job-failure.ts';
import { QueueError, RetryableJobError, isRetryableJobError } from './queue-errors.ts';

describe('job failures', () => {
  it("maps pg-boss's own failure outputs to stable codes", () => {
    expect(describeJobFailure({ value: { message: 'job heartbeat timeout' } })?.code).toBe(
      'WORKER_LOST',
    );
    expect(describeJobFailure({ value: { message: 'job timed out' } })?.code).toBe('JOB_EXPIRED');
    expect(
      describeJobFailure({ message: 'handler execution exceeded 90s', stack: '...' })?.code,
    ).toBe('JOB_EXPIRED');
    expect(describeJobFailure({ value: 'pg-boss shut down while active' })?.code).toBe(
      'WORKER_STOPPED',
    );
    expect(describeJobFailure({ code: 'RECORDER_BUG', message: 'x' })).toEqual({
      code: 'RECORDER_BUG',
      message: 'x',
    });
    expect(describeJobFailure(null)).toBeNull();
    expect(describeJobFailure({ other: 1 })).toBeNull();
  });

  it('stores a code and a clipped message, never the stack', () => {
    const output = failureOutput(Object.assign(new Error('x'.repeat(5000)), { code: 'E_BROWSER' }));
    expect(output.code).toBe('E_BROWSER');
    expect(output.message.length).toBeLessThanOrEqual(1000);
    expect(Object.keys(output)).toEqual(['code', 'message']);
    expect(failureOutput('plain string').code).toBe('HANDLER_ERROR');
  });

  it('treats only infrastructure errors and worker shutdowns as retryable', () => {
    expect(isRetryableJobError(new RetryableJobError('browser crashed'))).toBe(true);
    expect(
      isRetryableJobError(Object.assign(new Error('launch failed'), { retryable: true })),
    ).toBe(true);
    expect(isRetryableJobError(new QueueError('WORKER_STOPPING', 'stopping'))).toBe(true);
    expect(isRetryableJobError(new QueueError('JOB_TIMEOUT', 'timeout'))).toBe(false);
    expect(isRetryableJobError(new Error('assertion failed'))).toBe(false);
    expect(isRetryableJobError(Object.assign(new Error('x'), { retryable: 'yes' }))).toBe(false);
  });
});
