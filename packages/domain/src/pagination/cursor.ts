// Keyset pagination: an opaque cursor of (sort value, id), a row comparison in SQL, and a stable order.
import { asc, desc, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { DomainError } from '../errors/domain-error.ts';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export const pageInputSchema = z.object({
  cursor: z.string().min(1).max(500).optional(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export type SortDirection = 'asc' | 'desc';

type SortValue = string | number | Date;

export function encodeCursor(value: SortValue, id: string): string {
  const encoded = value instanceof Date ? { d: value.toISOString() } : { v: value };
  return Buffer.from(JSON.stringify([encoded, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { value: SortValue; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      const [encoded, id] = parsed as [Record<string, unknown>, string];
      if (typeof encoded.d === 'string' && !Number.isNaN(Date.parse(encoded.d))) {
        return { value: new Date(encoded.d), id };
      }
      if (typeof encoded.v === 'string' || typeof encoded.v === 'number') {
        return { value: encoded.v, id };
      }
    }
  } catch {
    // fall through: any malformed cursor gets the same answer
  }
  throw new DomainError(
    'VALIDATION_FAILED',
    'the cursor is invalid: pass back a nextCursor as given',
    {
      details: { field: 'cursor' },
    },
  );
}

export interface KeysetSpec {
  sortColumn: AnyPgColumn;
  idColumn: AnyPgColumn;
  direction: SortDirection;
}

/** The WHERE condition for rows after the cursor, or undefined on the first page. */
export function afterCursor(spec: KeysetSpec, cursor: string | undefined): SQL | undefined {
  if (cursor === undefined) return undefined;
  const { value, id } = decodeCursor(cursor);
  const param = value instanceof Date ? sql`${value.toISOString()}::timestamptz` : sql`${value}`;
  return spec.direction === 'desc'
    ? sql`(${spec.sortColumn}, ${spec.idColumn}) < (${param}, ${id})`
    : sql`(${spec.sortColumn}, ${spec.idColumn}) > (${param}, ${id})`;
}

export function keysetOrder(spec: KeysetSpec): SQL[] {
  const order = spec.direction === 'desc' ? desc : asc;
  return [order(spec.sortColumn), order(spec.idColumn)];
}

/** Cuts the extra row fetched to know whether a next page exists. */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => { value: SortValue; id: string },
): Page<T> {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  if (last === undefined) return { items, nextCursor: null };
  const key = keyOf(last);
  return { items, nextCursor: encodeCursor(key.value, key.id) };
}
