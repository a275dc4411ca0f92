// The secret as operations return it: name, version and times, never the value or its ciphertext.
import { secretValues } from '@retrace/db';

export interface SecretView {
  id: string;
  projectId: string;
  secretName: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Columns of a SecretView: every select and returning of secrets goes through this list. */
export const secretViewColumns = {
  id: secretValues.id,
  projectId: secretValues.projectId,
  secretName: secretValues.secretName,
  version: secretValues.version,
  createdAt: secretValues.createdAt,
  updatedAt: secretValues.updatedAt,
};
