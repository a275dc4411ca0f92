// Optimistic concurrency over HTTP: the ETag is the row's updated_at, If-Match turns into the expected version.
import { ApiError } from './problem.ts';

/** `"2025-01-31T10:00:00.000Z"`: strong, and derivable from any `updatedAt` a client already holds. */
export function etagOf(updatedAt: Date): string {
  return `"${updatedAt.toISOString()}"`;
}

const ISO_ETAG = /^"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)"$/;

function stale(): ApiError {
  return new ApiError(
    'PRECONDITION_FAILED',
    'the If-Match ETag does not match the current version: reload the resource and apply your change again',
  );
}

/**
 * The version the client saw, or undefined when it sent no If-Match (or `*`): then the last write wins.
 * An ETag this server never issued cannot match anything, so it fails as a stale one would.
 */
export function expectedVersion(ifMatch: string | undefined): Date | undefined {
  if (ifMatch === undefined) return undefined;
  const value = ifMatch.trim();
  if (value === '' || value === '*') return undefined;
  if (value.includes(',')) {
    throw new ApiError('VALIDATION_FAILED', 'If-Match takes one ETag here', {
      issues: [{ path: 'headers.if-match', message: 'give a single ETag', code: 'invalid' }],
    });
  }
  const match = ISO_ETAG.exec(value);
  const date = match?.[1] === undefined ? null : new Date(match[1]);
  if (date === null || Number.isNaN(date.getTime())) throw stale();
  return date;
}

/** If-None-Match against the current ETag (for a 304 on GET). */
export function matchesIfNoneMatch(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
