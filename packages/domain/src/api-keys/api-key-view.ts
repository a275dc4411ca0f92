// The API key as operations return it: never its hash.
import type { ApiKeyRow } from '@retrace/db';

export type ApiKeyView = Omit<ApiKeyRow, 'hash'>;

export function toApiKeyView(row: ApiKeyRow): ApiKeyView {
  const { hash: _hidden, ...view } = row;
  return view;
}
