import { describe, expect, it } from 'vitest';
import {
  canonicalPath,
  isAncestorOrDescendant,
  parseAbsolutePath,
  parseIdRelativePath,
  pathSimilarity,
  type PathSteps,
} from './element-path.ts';

function path(xpath: string): PathSteps {
  const parsed = parseAbsolutePath(xpath);
  if (parsed === null) throw new Error(`not absolute: ${xpath}`);
  return parsed;
}

describe('parseAbsolutePath', () => {
  it('reads missing indices as [1] and lower-cases tags', () => {
    expect(canonicalPath(path('/HTML/body/div[2]/button'))).toBe(
      '/html[1]/body[1]/div[2]/button[1]',
    );
  });

  it('keeps predicates such as an SVG local-name step whole', () => {
    const steps = path('/html[1]/body[1]/span[1]/*[local-name() = "svg"][1]');
    expect(steps.tags.length).toBe(4);
    expect(canonicalPath(steps)).toBe('/html[1]/body[1]/span[1]/*[local-name() = "svg"][1]');
  });

  it('refuses id-relative paths', () => {
    expect(parseAbsolutePath('//*[@id="cart"]/div[1]')).toBeNull();
  });
});

describe('parseIdRelativePath', () => {
  it('splits the anchor id from the steps below it, with either quote style', () => {
    const parsed = parseIdRelativePath(`//*[@id='cart']/tbody[1]/tr[2]/td[3]/button[1]`);
    expect(parsed?.anchor).toBe('cart');
    expect(parsed && canonicalPath(parsed.steps)).toBe('/tbody[1]/tr[2]/td[3]/button[1]');
    expect(parseIdRelativePath('//*[@id="a/b"]')?.anchor).toBe('a/b');
  });

  it('returns null for an absolute path or none', () => {
    expect(parseIdRelativePath('/html[1]/body[1]')).toBeNull();
    expect(parseIdRelativePath(null)).toBeNull();
  });
});

describe('pathSimilarity', () => {
  const button = path('/html[1]/body[1]/main[1]/form[1]/div[3]/button[1]');

  it('is 1 for the same path', () => {
    expect(pathSimilarity(button, path('/html/body/main/form/div[3]/button'))).toBe(1);
  });

  it('charges one step for an added wrapper', () => {
    const wrapped = path('/html[1]/body[1]/main[1]/form[1]/div[3]/div[1]/button[1]');
    expect(pathSimilarity(button, wrapped)).toBeCloseTo(1 - 1 / 7);
  });

  it('charges less for a shifted sibling index than for a changed tag', () => {
    const shifted = path('/html[1]/body[1]/main[1]/form[1]/div[4]/button[1]');
    const retagged = path('/html[1]/body[1]/main[1]/form[1]/section[1]/button[1]');
    expect(pathSimilarity(button, shifted)).toBeGreaterThan(pathSimilarity(button, retagged));
  });

  it('is low for a path elsewhere in the document', () => {
    expect(
      pathSimilarity(button, path('/html[1]/body[1]/footer[1]/nav[1]/ul[1]/li[4]/a[1]')),
    ).toBeLessThan(0.5);
  });
});

describe('isAncestorOrDescendant', () => {
  it('recognises nesting but not siblings or the element itself', () => {
    const form = path('/html[1]/body[1]/main[1]/form[1]');
    const button = path('/html[1]/body[1]/main[1]/form[1]/div[3]/button[1]');
    const form10 = path('/html[1]/body[1]/main[1]/form[10]');
    expect(isAncestorOrDescendant(form, button)).toBe(true);
    expect(isAncestorOrDescendant(button, form)).toBe(true);
    expect(isAncestorOrDescendant(form10, button)).toBe(false);
    expect(isAncestorOrDescendant(form, form)).toBe(false);
  });
});
