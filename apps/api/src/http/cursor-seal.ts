// Page cursors as the API hands them out: the domain's cursor sealed with an HMAC bound to the list it came from.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from './problem.ts';

export interface CursorSeal {
  /** The cursor for a client, or null on the last page. */
  seal(list: string, cursor: string | null): string | null;
  /** The domain's cursor back, or VALIDATION_FAILED when the client made one up or took it from another list. */
  open(list: string, cursor: string | undefined): string | undefined;
}

const SIGNATURE_BYTES = 16;

export function createCursorSeal(key: Uint8Array): CursorSeal {
  const sign = (list: string, cursor: string) =>
    createHmac('sha256', key)
      .update(`cursor\n${list}\n${cursor}`)
      .digest()
      .subarray(0, SIGNATURE_BYTES);
  return {
    seal(list, cursor) {
      if (cursor === null) return null;
      return `${cursor}.${sign(list, cursor).toString('base64url')}`;
    },
    open(list, sealed) {
      if (sealed === undefined) return undefined;
      const dot = sealed.lastIndexOf('.');
      const cursor = sealed.slice(0, dot);
      const given = Buffer.from(sealed.slice(dot + 1), 'base64url');
      const expected = sign(list, cursor);
      if (dot <= 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new ApiError(
          'VALIDATION_FAILED',
          'the cursor is invalid: pass back a nextCursor of the same list, unchanged',
          { issues: [{ path: 'query.cursor', message: 'unknown cursor', code: 'invalid_cursor' }] },
        );
      }
      return cursor;
    },
  };
}
