// Local mode: on first start the local admin, an organization and an admin API key (written once, 0600).
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  authenticateApiKey,
  createApiKey,
  type DomainDeps,
  ensureLocalAdmin,
} from '@retrace/domain';

export const LOCAL_API_KEY_FILE = 'local-api-key';

export interface LocalAccess {
  /** The admin API key the dashboard and the CLI sign in with. */
  apiKey: string;
  /** True when this call made the key: print it once. */
  created: boolean;
  organizationId: string;
  userId: string;
  file: string;
}

async function readKeyFile(file: string): Promise<string | null> {
  try {
    const { mode } = await stat(file);
    // A key readable by others is tightened rather than trusted as is.
    if ((mode & 0o077) !== 0) await chmod(file, 0o600);
    const key = (await readFile(file, 'utf8')).trim();
    return key === '' ? null : key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Written to a temporary file and renamed, so a reader never sees half a key. */
async function writeKeyFile(file: string, key: string): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${key}\n`, { mode: 0o600, flag: 'wx' });
    await rename(temporary, file);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/**
 * Idempotent. A key file whose key no longer authenticates (revoked, or a fresh database) is replaced by
 * a new key, reported with `created: true`.
 */
export async function ensureLocalAccess(input: {
  domain: DomainDeps;
  dataDir: string;
}): Promise<LocalAccess> {
  const { domain, dataDir } = input;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, LOCAL_API_KEY_FILE);
  const { user, organization } = await ensureLocalAdmin(domain);
  const existing = await readKeyFile(file);
  if (existing !== null) {
    const actor = await authenticateApiKey(domain, existing);
    if (actor !== null && actor.role === 'admin') {
      return {
        apiKey: existing,
        created: false,
        organizationId: actor.organizationId,
        userId: user.id,
        file,
      };
    }
  }
  const { token } = await createApiKey(
    domain,
    { kind: 'user', userId: user.id, organizationId: organization.id, role: 'admin' },
    { name: 'Local admin (created on first start)', role: 'admin' },
  );
  await writeKeyFile(file, token);
  return { apiKey: token, created: true, organizationId: organization.id, userId: user.id, file };
}
