import { describe, expect, it } from 'vitest';
import { compareTag, typeSimilarity } from './element-kinds.ts';
import { prepareFingerprint } from './fingerprint-features.ts';
import { fingerprint } from './fingerprint-fixtures.ts';

const element = (tag: string, type: string | null = null) =>
  prepareFingerprint(fingerprint({ tag, type }));

describe('compareTag', () => {
  it('gives full credit to the same tag (types are compared separately) and half to another tag of the same kind', () => {
    expect(compareTag(element('input', 'text'), element('input', 'checkbox'))).toBe(1);
    expect(compareTag(element('button'), element('button'))).toBe(1);
    expect(compareTag(element('a'), element('button'))).toBe(0.5);
    expect(compareTag(element('input', 'submit'), element('button'))).toBe(0.5);
    expect(compareTag(element('h2'), element('h3'))).toBe(0.5);
  });

  it('gives nothing to tags of different kinds', () => {
    expect(compareTag(element('input', 'text'), element('button'))).toBe(0);
    expect(compareTag(element('input', 'checkbox'), element('button'))).toBe(0);
    expect(compareTag(element('li'), element('a'))).toBe(0);
    expect(compareTag(element('my-widget'), element('other-widget'))).toBe(0);
  });
});

describe('typeSimilarity', () => {
  it('partly matches two kinds of text entry, not a text field and a checkbox', () => {
    expect(typeSimilarity('email', 'email')).toBe(1);
    expect(typeSimilarity('email', 'text')).toBe(0.5);
    expect(typeSimilarity('text', 'checkbox')).toBe(0);
  });
});
