// The invitation as operations return it: never the token or its hash, plus its computed status.
import type { InvitationRow } from '@retrace/db';

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export type InvitationView = Omit<InvitationRow, 'tokenHash'> & { status: InvitationStatus };

export function toInvitationView(row: InvitationRow, now: Date): InvitationView {
  const { tokenHash: _hidden, ...rest } = row;
  const status: InvitationStatus = row.acceptedAt
    ? 'accepted'
    : row.revokedAt
      ? 'revoked'
      : row.expiresAt <= now
        ? 'expired'
        : 'pending';
  return { ...rest, status };
}
