import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  diceSimilarity,
  levenshteinDistance,
  levenshteinSimilarity,
  neighborSimilarity,
  normalizeText,
  prepareText,
  textSimilarity,
  wordsOf,
} from './text-similarity.ts';

/** Textbook Levenshtein, to check the banded one against. */
function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

function text(value: string) {
  const prepared = prepareText(value);
  if (prepared === null) throw new Error('blank');
  return prepared;
}

describe('levenshteinDistance', () => {
  it('matches the textbook distance', () => {
    expect(levenshteinDistance('kitten', 'sitting')).toBe(3);
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        return levenshteinDistance(a, b) === referenceDistance(a, b);
      }),
    );
  });

  it('returns limit + 1 as soon as the distance exceeds the limit, and the exact distance otherwise', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 16 }),
        fc.string({ maxLength: 16 }),
        fc.integer({ min: 0, max: 16 }),
        (a, b, limit) => {
          const exact = referenceDistance(a, b);
          const bounded = levenshteinDistance(a, b, limit);
          return exact <= limit ? bounded === exact : bounded === limit + 1;
        },
      ),
    );
  });

  it('normalises to a similarity of 1 for equal strings and 0 for nothing in common', () => {
    expect(levenshteinSimilarity('pay', 'pay')).toBe(1);
    expect(levenshteinSimilarity('abc', 'xyz')).toBe(0);
  });
});

describe('text preparation', () => {
  it('lower-cases, composes and collapses whitespace', () => {
    expect(normalizeText('  Sign\n  IN  ')).toBe('sign in');
    expect(normalizeText('Ｐａｙ')).toBe('pay');
  });

  it('treats blank text as absent', () => {
    expect(prepareText('   ')).toBeNull();
    expect(prepareText(null)).toBeNull();
  });

  it('keeps numbers with their separators as one word', () => {
    expect([...wordsOf('pay $34.99 for 1,200 items')]).toEqual([
      'pay',
      '34.99',
      'for',
      '1,200',
      'items',
    ]);
  });
});

describe('diceSimilarity', () => {
  it('measures word-set overlap, and two empty sets carry no evidence', () => {
    expect(diceSimilarity(new Set(['orders']), new Set(['returns', 'orders']))).toBeCloseTo(2 / 3);
    expect(diceSimilarity(new Set(), new Set())).toBe(0);
  });
});

describe('textSimilarity', () => {
  it('is 1 for the same text in another case or spacing', () => {
    expect(textSimilarity(text('Find Jobs'), text('find  jobs'))).toBe(1);
  });

  it('keeps a small edit close to 1', () => {
    expect(textSimilarity(text('Hello. Sign in'), text('Hello, Sign in'))).toBeGreaterThan(0.85);
    expect(textSimilarity(text('SF bay areaw'), text('SF bay area'))).toBeGreaterThan(0.8);
  });

  it('credits added words by overlap', () => {
    expect(textSimilarity(text('Orders'), text('Returns & Orders'))).toBeCloseTo(2 / 3);
  });

  it('gives chance resemblance between different words nothing', () => {
    expect(textSimilarity(text('Save'), text('Send'))).toBe(0);
    expect(textSimilarity(text('Pay'), text('Cancel'))).toBe(0);
  });

  it('compares a page-long text by words only and finds a label in it worth almost nothing', () => {
    const page = text(`Checkout ${'lorem ipsum dolor sit amet '.repeat(40)} Pay`);
    expect(textSimilarity(text('Pay'), page)).toBeLessThan(0.1);
  });
});

describe('neighborSimilarity', () => {
  const list = (...texts: string[]) => texts.map(text);
  const mouseRow = list('$25.00', '$9.99', 'Checkout', 'Cancel', 'Wireless mouse');
  const cableRow = list('$9.99', '$25.00', 'Cancel', 'Checkout', 'USB-C cable');

  it('is 1 for the same neighbours in the same order, and symmetric', () => {
    expect(neighborSimilarity(mouseRow, mouseRow)).toBe(1);
    expect(neighborSimilarity(mouseRow, cableRow)).toBeCloseTo(
      neighborSimilarity(cableRow, mouseRow),
    );
  });

  it('tells apart two rows that share most texts by which ones are nearest', () => {
    const recordedCable = cableRow;
    const sameOrder = list('$9.99', '$25.00', 'Checkout', 'Cancel', 'USB-C cable');
    expect(neighborSimilarity(recordedCable, sameOrder)).toBeGreaterThan(
      neighborSimilarity(recordedCable, mouseRow) + 0.15,
    );
  });

  it('gives nothing to lists without a word in common', () => {
    expect(neighborSimilarity(list('Alice', 'Edit'), list('Bob', 'Delete'))).toBe(0);
  });
});
