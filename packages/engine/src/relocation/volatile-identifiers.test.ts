import { describe, expect, it } from 'vitest';
import {
  identifierWords,
  isStateClass,
  isVolatileId,
  isVolatileIdentifier,
} from './volatile-identifiers.ts';

describe('isVolatileIdentifier', () => {
  it.each([
    [':r3:', 'React useId'],
    ['radix-:r1:', 'Radix via React useId'],
    ['«r1»', 'React 19 useId'],
    ['ember1234', 'Ember view id'],
    ['ext-gen42', 'ExtJS'],
    ['__BVID__17', 'BootstrapVue'],
    ['j_idt12', 'JSF'],
    ['mat-input-0', 'Angular Material counter'],
    ['headlessui-menu-button-3', 'Headless UI counter'],
    ['react-select-2-input', 'react-select'],
    ['css-1x2y3z', 'Emotion'],
    ['css-118ydgp', 'Emotion'],
    ['e1d5eg6m0', 'Emotion label hash'],
    ['jsx-1230990698', 'styled-jsx'],
    ['sc-bdVaJa', 'styled-components'],
    ['Link-sc-1khjl8b-0', 'styled-components v5'],
    ['Button_root__3xQ2a', 'CSS modules'],
    ['_3xQ2a', 'CSS modules, production'],
    ['svelte-1ab2cd3', 'Svelte'],
    ['makeStyles-root-12', 'Material UI v4'],
    ['ng-tns-c12-3', 'Angular animations'],
    ['id-4e703435b5dcf4893a5da9a491d94e65', 'content hash'],
    ['3f2b8c1e-9d4a-4f7e-b2c1-0a9e8d7c6b5a', 'UUID'],
    ['1042', 'database key'],
  ])('treats %s as generated (%s)', (value) => {
    expect(isVolatileIdentifier(value)).toBe(true);
  });

  it.each([
    'login-submit',
    'navAabout',
    'js-toggleLeftNavLg',
    'btn-primary',
    'col-md-6',
    'h-100',
    'mt-3',
    'text-input-what',
    'SearchBox',
    'main-logo',
    'cart',
    'pay-button',
    'session_key',
    'h1',
    'step2',
    'bg-gray-100',
  ])('keeps the hand-written name %s', (value) => {
    expect(isVolatileIdentifier(value)).toBe(false);
  });

  it('gives the same verdict for a value seen before (memoised)', () => {
    expect(isVolatileIdentifier('css-9q8w7e')).toBe(true);
    expect(isVolatileIdentifier('css-9q8w7e')).toBe(true);
    expect(isVolatileIdentifier('nav-link')).toBe(false);
  });
});

describe('isVolatileId', () => {
  it('also distrusts ids ending in a record number', () => {
    expect(isVolatileId('post-48213')).toBe(true);
    expect(isVolatileId('item_1042')).toBe(true);
    expect(isVolatileId('section-2')).toBe(false);
    expect(isVolatileId('checkout-form')).toBe(false);
  });
});

describe('isStateClass', () => {
  it('recognises classes that only reflect momentary state', () => {
    for (const cls of ['active', 'is-active', 'selected', 'Open', 'ng-touched', 'focus-visible']) {
      expect(isStateClass(cls)).toBe(true);
    }
    for (const cls of ['nav-link', 'btn', 'active-users']) expect(isStateClass(cls)).toBe(false);
  });
});

describe('identifierWords', () => {
  it('splits on separators and camelCase, lower-cased', () => {
    expect([...identifierWords('js-toggleLeftNavLg')]).toEqual([
      'js',
      'toggle',
      'left',
      'nav',
      'lg',
    ]);
    expect([...identifierWords('session_key')]).toEqual(['session', 'key']);
    expect([...identifierWords('text-input-what')]).toEqual(['text', 'input', 'what']);
  });
});
