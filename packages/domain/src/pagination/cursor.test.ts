// Cursor encoding: round trips for dates, strings and numbers; anything else is VALIDATION_FAILED.
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/domain-error.ts';
import { decodeCursor, encodeCursor, toPage } from './cursor.ts';

describe('cursor', () => {
  it('round-trips dates with millisecond precision, strings and numbers', () => {
    const date = new Date('2030-01-02T03:04:05.678Z');
    expect(decodeCursor(encodeCursor(date, 'id1'))).toEqual({ value: date, id: 'id1' });
    expect(decodeCursor(encodeCursor('smoke', 'id2'))).toEqual({ value: 'smoke', id: 'id2' });
    expect(decodeCursor(encodeCursor(42, 'id3'))).toEqual({ value: 42, id: 'id3' });
  });

  it('is opaque: no raw values in the text', () => {
    expect(encodeCursor('smoke', 'abc')).not.toContain('smoke');
  });

  it.each([
    '',
    'not-base64!',
    Buffer.from('{}').toString('base64url'),
    Buffer.from('[{"d":"nope"},"x"]').toString('base64url'),
  ])('rejects a malformed cursor %j', (cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor);
    } catch (e) {
      error = e;
    }
    expect(isDomainError(error, 'VALIDATION_FAILED')).toBe(true);
  });

  it('gives a next cursor only when more rows were fetched than the page holds', () => {
    const rows = [1, 2, 3].map((n) => ({ id: `r${n}`, at: n }));
    expect(toPage(rows, 3, (r) => ({ value: r.at, id: r.id })).nextCursor).toBeNull();
    const page = toPage(rows, 2, (r) => ({ value: r.at, id: r.id }));
    expect(page.items).toHaveLength(2);
    expect(decodeCursor(page.nextCursor ?? '')).toEqual({ value: 2, id: 'r2' });
  });
});
