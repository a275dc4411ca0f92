import { describe, expect, it } from 'vitest';
import { describeAction, isAssertion, targetOf } from './describe-action.ts';

describe('describeAction', () => {
  it('says what each kind of action does', () => {
    expect(describeAction({ type: 'navigate', url: '/cart.html' })).toBe('Go to /cart.html');
    expect(describeAction({ type: 'click', button: 'left', clickCount: 1 })).toBe('Click');
    expect(describeAction({ type: 'click', button: 'right', clickCount: 2 })).toBe(
      'Double-click (right button)',
    );
    expect(describeAction({ type: 'select_option', option: 'Express', by: 'label' })).toBe(
      'Select “Express”',
    );
    expect(describeAction({ type: 'press_keys', keys: 'Tab' })).toBe('Press Tab');
    expect(describeAction({ type: 'scroll', direction: 'down', amount: 'half_page' })).toBe(
      'Scroll down half a page',
    );
    expect(describeAction({ type: 'assert_text_visible', text: 'Subtotal: $97.00' })).toBe(
      'Check that “Subtotal: $97.00” is visible',
    );
    expect(describeAction({ type: 'assert_count', count: 3, comparison: 'gte' })).toBe(
      'Check that there are at least 3 matching elements',
    );
    expect(describeAction({ type: 'wait_for', until: { kind: 'text', text: 'Saved' } })).toBe(
      'Wait until “Saved” is shown',
    );
  });

  it('shows a secret placeholder by name and never anything else', () => {
    expect(
      describeAction({ type: 'input_text', text: '<secret>demo_password</secret>', clear: true }),
    ).toBe('Fill in “‹secret demo_password›”');
  });

  it('clips very long texts and names unknown actions by their type', () => {
    const long = 'x'.repeat(200);
    expect(describeAction({ type: 'input_text', text: long }).length).toBeLessThan(100);
    expect(describeAction({ type: 'drag_and_drop' })).toBe('drag and drop');
  });
});

describe('targetOf', () => {
  it('reads a locator, an agent ref or a wait target', () => {
    expect(targetOf({ type: 'click', target: { locator: "getByRole('button')" } })).toBe(
      "getByRole('button')",
    );
    expect(targetOf({ type: 'click', target: { ref: 'e12' } })).toBe('ref e12');
    expect(
      targetOf({ type: 'wait_for', until: { kind: 'element', target: { locator: '#x' } } }),
    ).toBe('#x');
    expect(targetOf({ type: 'navigate', url: '/' })).toBeNull();
  });
});

describe('isAssertion', () => {
  it('marks assertions and done', () => {
    expect(isAssertion({ type: 'assert_url' })).toBe(true);
    expect(isAssertion({ type: 'done' })).toBe(true);
    expect(isAssertion({ type: 'click' })).toBe(false);
  });
});
