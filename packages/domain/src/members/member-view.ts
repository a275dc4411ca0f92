// The member as operations return it: the membership row plus the user's email.
import type { MemberRole } from '@retrace/db';

export interface MemberView {
  id: string;
  organizationId: string;
  userId: string;
  email: string;
  role: MemberRole;
  createdAt: Date;
}
