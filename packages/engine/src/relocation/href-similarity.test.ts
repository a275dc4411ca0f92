import { describe, expect, it } from 'vitest';
import { hrefSimilarity, prepareHref, type PreparedHref } from './href-similarity.ts';

function href(value: string): PreparedHref {
  const prepared = prepareHref(value);
  if (prepared === null) throw new Error(`placeholder: ${value}`);
  return prepared;
}

describe('prepareHref', () => {
  it('treats links that go nowhere as absent', () => {
    for (const value of ['#', '', 'javascript:void(0)', 'JavaScript:;']) {
      expect(prepareHref(value)).toBeNull();
    }
  });

  it('drops tracking parameters and page extensions', () => {
    const prepared = href(
      'https://www.foxnews.com/category/us/crime.html?utm_source=x&ref_=nav&page=2',
    );
    expect(prepared.host).toBe('foxnews.com');
    expect(prepared.path).toBe('category/us/crime');
    expect([...prepared.query]).toEqual(['page=2']);
  });
});

describe('hrefSimilarity', () => {
  it('ignores scheme, www and tracking changes', () => {
    expect(
      hrefSimilarity(
        href('http://www.craigslist.org/about/sites'),
        href('https://www.craigslist.org/about/sites?ref=footer'),
      ),
    ).toBe(1);
  });

  it('matches a relative link with its absolute form', () => {
    expect(
      hrefSimilarity(href('/orders'), href('https://shop.example.com/orders')),
    ).toBeGreaterThan(0.85);
  });

  it('keeps most of the similarity when a sub-domain changed', () => {
    const a = href('http://www.indeed.com/account/login');
    const b = href('https://secure.indeed.com/account/login');
    expect(hrefSimilarity(a, b)).toBeGreaterThan(0.85);
  });

  it('scores a partly restructured path in between', () => {
    const s = hrefSimilarity(
      href('http://sfbay.craigslist.org/search/hhh'),
      href('https://sfbay.craigslist.org/d/housing/search/hhh'),
    );
    expect(s).toBeGreaterThan(0.4);
    expect(s).toBeLessThan(0.9);
  });

  it('tells two home pages of different sites apart', () => {
    const s = hrefSimilarity(href('http://www.foxbusiness.com/'), href('https://www.foxnews.com/'));
    expect(s).toBeLessThan(0.7);
  });

  it('treats a hash route as part of where the link goes', () => {
    expect(
      hrefSimilarity(
        href('https://app.example.com/#/settings'),
        href('https://app.example.com/#/billing'),
      ),
    ).toBeLessThan(0.6);
  });
});
