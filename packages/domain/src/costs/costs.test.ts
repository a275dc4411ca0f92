// Cost totals by day (in a time zone), by model and by test case, over a half-open time range.
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuns } from '../runs/create-runs.ts';
import { createTestCase } from '../test-cases/create-test-case.ts';
import { createWorld, expectDomainError } from '../test-support/world.ts';
import { getCostTotals } from './get-cost-totals.ts';
import { recordCost } from './record-cost.ts';

describe.each(testDatabaseDrivers(process.env))('costs [$name]', (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await driver.open();
  });
  afterAll(async () => database.dispose());

  it('totals by day, model and test case', async () => {
    const world = await createWorld(database.db);
    const cases = [];
    for (const name of ['login', 'checkout']) {
      cases.push(
        await createTestCase({ db: database.db }, world.member, {
          projectId: world.project.id,
          name,
          testDescription: 'd',
          expectedOutcome: 'o',
          urlRoute: '/',
        }),
      );
    }
    const spend = [
      { at: '2030-03-01T10:00:00.000Z', model: 'gpt-a', caseIndex: 0, tokens: 1000 },
      { at: '2030-03-01T23:30:00.000Z', model: 'gpt-b', caseIndex: 1, tokens: 2000 },
      { at: '2030-03-02T09:00:00.000Z', model: 'gpt-a', caseIndex: 1, tokens: 3000 },
      { at: '2030-03-05T00:00:00.000Z', model: 'gpt-a', caseIndex: 0, tokens: 4000 }, // outside [from, to)
    ];
    for (const item of spend) {
      const testCase = cases[item.caseIndex];
      const [run] = await createRuns({ db: database.db }, world.member, {
        projectId: world.project.id,
        selection: { kind: 'test_cases', testCaseIds: [testCase?.id ?? ''] },
      });
      await recordCost({ db: database.db, clock: () => new Date(item.at) }, world.system, {
        runId: run?.id ?? '',
        modelType: item.model,
        inputTokens: item.tokens,
        completionTokens: 10,
        inputPricePerToken: 0.001,
        outputPricePerToken: 0.01,
      });
    }
    const range = {
      projectId: world.project.id,
      from: '2030-03-01T00:00:00.000Z',
      to: '2030-03-05T00:00:00.000Z',
    };
    const byDay = await getCostTotals({ db: database.db }, world.guest, {
      ...range,
      groupBy: 'day',
    });
    expect(byDay.map((d) => [d.key, d.runs, d.inputTokens])).toEqual([
      ['2030-03-01', 2, 3000],
      ['2030-03-02', 1, 3000],
    ]);
    expect(byDay[0]?.costInDollars).toBeCloseTo(3000 * 0.001 + 20 * 0.01, 9);
    const inTokyo = await getCostTotals({ db: database.db }, world.guest, {
      ...range,
      groupBy: 'day',
      timeZone: 'Asia/Tokyo',
    });
    expect(inTokyo.map((d) => [d.key, d.runs])).toEqual([
      ['2030-03-01', 1],
      ['2030-03-02', 2],
    ]);
    const byModel = await getCostTotals({ db: database.db }, world.guest, {
      ...range,
      groupBy: 'model',
    });
    expect(byModel.map((m) => [m.key, m.inputTokens])).toEqual([
      ['gpt-a', 4000],
      ['gpt-b', 2000],
    ]);
    const byCase = await getCostTotals({ db: database.db }, world.guest, {
      ...range,
      groupBy: 'test_case',
    });
    expect(byCase.map((c) => [c.label, c.inputTokens])).toEqual([
      ['checkout', 5000],
      ['login', 1000],
    ]);
    await expectDomainError(
      getCostTotals({ db: database.db }, world.guest, {
        ...range,
        groupBy: 'day',
        timeZone: 'Mars/Base',
      }),
      'VALIDATION_FAILED',
    );
  });

  it('cost totals of another organization’s project are NOT_FOUND', async () => {
    const a = await createWorld(database.db);
    const b = await createWorld(database.db);
    await expectDomainError(
      getCostTotals({ db: database.db }, a.admin, {
        projectId: b.project.id,
        from: new Date('2030-01-01T00:00:00Z'),
        to: new Date('2030-02-01T00:00:00Z'),
        groupBy: 'day',
      }),
      'NOT_FOUND',
    );
  });
});
