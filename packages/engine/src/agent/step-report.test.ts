import { describe, expect, it } from 'vitest';
import { StepReport } from './step-report.ts';

describe('StepReport', () => {
  it('lists blocked requests apart from those the guard could not stop, with secret values redacted', () => {
    const report = new StepReport(new Map([['token', 's3cr3t-token']]));
    report.note('typed into the field with s3cr3t-token');
    report.blocked([
      { url: 'http://evil.test/collect', kind: 'beacon', reason: 'host not allowed' },
      { url: 'ws://evil.test/live', kind: 'websocket', reason: 'worker WebSocket', blocked: false },
    ]);
    expect(report.render()).toBe(
      [
        'typed into the field with <secret>token</secret>',
        'Blocked requests (outside the allowed domains; they did not reach their host):',
        '  - beacon http://evil.test/collect: host not allowed',
        'Requests to hosts outside the allowed domains that could not be stopped:',
        '  - websocket ws://evil.test/live: worker WebSocket',
      ].join('\n'),
    );
  });

  it('is empty when nothing was noted or blocked', () => {
    const report = new StepReport(new Map());
    report.blocked([]);
    expect(report.empty).toBe(true);
  });
});
