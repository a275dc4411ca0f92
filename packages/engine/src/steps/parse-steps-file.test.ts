import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHOP_JOURNEY_PATH } from '../replay/testing/shop-bed.ts';
import { parseStepsFile, validateStepsFile } from './parse-steps-file.ts';
import { StepsFileError } from './steps-file-error.ts';

function issuesOf(source: string): { line: number | null; step: number | null; message: string }[] {
  try {
    parseStepsFile(source);
  } catch (error) {
    if (error instanceof StepsFileError)
      return error.issues.map(({ line, step, message }) => ({ line, step, message }));
    throw error;
  }
  throw new Error('the file parsed');
}

const HEAD = `name: Sign in
expectedOutcome: The welcome page greets alice
startUrl: /login/
steps:
`;

describe('parseStepsFile', () => {
  it('reads the shop journey: test fields, one brain state per step, goals, grouped actions and secrets', () => {
    const file = parseStepsFile(readFileSync(SHOP_JOURNEY_PATH, 'utf8'));
    expect(file).toMatchObject({
      name: 'Buy a backpack and two lanterns',
      expectedOutcome: 'The order is confirmed and the total paid is $112.00',
      startUrl: '/shop/',
      allowedDomains: [],
      secretNames: ['card_number'],
    });
    expect(file.steps).toHaveLength(12);
    expect(file.steps[0]).toMatchObject({
      number: 1,
      line: 10,
      goal: 'Add the Trail Backpack to the cart',
      actions: [
        {
          kind: 'action',
          action: {
            type: 'click',
            target: { locator: "locator('#add-backpack')" },
            button: 'left',
            clickCount: 1,
          },
        },
      ],
    });
    expect(
      file.steps[4]?.actions.map((a) => (a.kind === 'action' ? a.action.type : a.kind)),
    ).toEqual(['input_text', 'press_keys', 'assert_text_visible']);
    expect(file.steps[7]?.actions).toEqual([
      {
        kind: 'check',
        locator: "getByLabel('Express shipping')",
        checked: true,
        timeoutMs: undefined,
        line: 34,
      },
    ]);
    // assert_url in a steps file matches by "contains" unless it says otherwise: files run against many hosts.
    expect(file.steps[11]?.actions.at(-1)).toMatchObject({
      action: { type: 'assert_url', url: 'confirmation.html', match: 'contains' },
    });
  });

  it('reads the same file written as JSON, and keeps typed values as written', () => {
    const file = parseStepsFile(
      JSON.stringify({
        name: 'Postal code',
        expectedOutcome: 'The code is kept',
        steps: [
          { fill: { locator: "getByLabel('Postal code')", value: '0042' } },
          {
            goal: 'Check it',
            assert_value: { locator: "getByLabel('Postal code')", value: '0042' },
            timeout: 2500,
          },
        ],
      }),
    );
    expect(file.startUrl).toBe('/');
    expect(file.steps[0]?.goal).toBe(`input_text getByLabel('Postal code') "0042"`);
    expect(file.steps[1]?.actions[0]).toMatchObject({
      action: { type: 'assert_value', value: '0042', timeoutMs: 2500 },
    });
    const yaml = parseStepsFile(
      `${HEAD}  - fill: { locator: "getByLabel('Code')", value: 0042 }\n  - assert_value: { locator: "getByLabel('Code')", value: 0042 }\n`,
    );
    expect(yaml.steps[0]?.actions[0]).toMatchObject({ action: { text: '0042' } });
  });

  it('accepts the short forms of every action', () => {
    const file = parseStepsFile(`${HEAD}
  - navigate: /login/
  - hover: "getByText('Help')"
  - press: Enter
  - press: { keys: Tab, locator: "getByLabel('Username')" }
  - scroll: down
  - wait_for: { text: Loaded }
  - wait_for: { locator: "locator('#spinner')", state: hidden }
  - go_back: true
  - switch_tab: { index: 0 }
  - select: { locator: "getByLabel('Country')", option: HU, by: value }
  - uncheck: "getByLabel('Remember me')"
  - upload: { locator: "getByLabel('Avatar')", files: [me.png] }
  - assert_text_not_visible: Error
  - assert_element: { locator: "getByRole('button', { name: 'Sign in' })", state: enabled }
  - assert_count: { locator: "getByRole('listitem')", count: 3, comparison: gte }
  - assert_url: { url: "**/welcome.html", match: glob }
  - assert_text_visible: { text: Welcome, exact: true }
`);
    const types = file.steps.flatMap((s) =>
      s.actions.map((a) => (a.kind === 'action' ? a.action.type : a.kind)),
    );
    expect(types).toEqual([
      'navigate',
      'hover',
      'press_keys',
      'press_keys',
      'scroll',
      'wait_for',
      'wait_for',
      'go_back',
      'switch_tab',
      'select_option',
      'check',
      'upload_file',
      'assert_text_not_visible',
      'assert_element',
      'assert_count',
      'assert_url',
      'assert_text_visible',
    ]);
  });

  it('points at the line and the step of a locator that does not parse, and says how to write one', () => {
    const issues = issuesOf(
      `${HEAD}  - click: "getByRole('button', { name: 'Pay' )"\n  - assert_text_visible: Paid\n`,
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 5, step: 1 });
    expect(issues[0]?.message).toContain('the locator does not parse');
    expect(issues[0]?.message).toContain("getByRole('button', { name: 'Pay' })");
  });

  it('suggests the action a misspelt key meant, and rejects steps with no action or two', () => {
    const issues = issuesOf(`${HEAD}  - clik: "locator('#a')"
  - goal: nothing to do
  - click: "locator('#a')"
    fill: { locator: "locator('#b')", value: x }
  - assert_text_visible: Done
`);
    expect(issues).toEqual([
      { line: 5, step: 1, message: 'unknown key "clik": did you mean "click"?' },
      expect.objectContaining({ line: 5, step: 1, message: expect.stringContaining('no action') }),
      expect.objectContaining({ line: 6, step: 2, message: expect.stringContaining('no action') }),
      expect.objectContaining({
        line: 7,
        step: 3,
        message: expect.stringContaining('2 actions (click, fill)'),
      }),
    ]);
  });

  it('names missing and unknown fields of an action', () => {
    const issues = issuesOf(`${HEAD}  - fill: { locator: "getByLabel('Name')" }
  - select: { locator: "getByLabel('Country')", option: HU, how: value }
  - assert_text_visible: Done
`);
    expect(issues).toEqual([
      { line: 5, step: 1, message: 'missing value' },
      { line: 6, step: 2, message: 'unknown field "how"' },
    ]);
  });

  it('requires the steps to end with an assertion after the last interaction', () => {
    const issues = issuesOf(
      `${HEAD}  - assert_text_visible: Sign in\n  - click: "getByRole('button', { name: 'Sign in' })"\n`,
    );
    expect(issues).toEqual([
      expect.objectContaining({
        line: 6,
        step: 2,
        message: expect.stringContaining('must end with an assertion'),
      }),
    ]);
  });

  it('reports YAML syntax errors with their line, and a file that is not a mapping', () => {
    expect(issuesOf(`${HEAD}  - click: [oops\n  - x: 1\n`)[0]?.line).toBeGreaterThanOrEqual(5);
    expect(issuesOf('- just a list')[0]?.message).toContain('a steps file is a mapping');
  });

  it('validates the test fields, and lists every problem at once in the error message', () => {
    let error: unknown;
    try {
      validateStepsFile({ name: '', steps: [] }, () => null, 'demo.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StepsFileError);
    const message = (error as StepsFileError).message;
    expect((error as StepsFileError).code).toBe('STEPS_FILE_INVALID');
    expect(message.split('\n')[0]).toBe('demo.yaml: the steps file is invalid');
    expect(message).toContain('name');
    expect(message).toContain('missing expectedOutcome');
    expect(message).toContain('at least one step');
  });
});
