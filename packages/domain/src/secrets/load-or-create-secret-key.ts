// Embedded mode's secret key: `<dataDir>/secret.key` (base64, mode 0600), generated on first start.
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../errors/domain-error.ts';
import { generateSecretKey } from './secret-cipher.ts';

export const SECRET_KEY_FILE = 'secret.key';

/**
 * Returns the base64 key, creating the file if missing. The key is written to a temporary file and then
 * hard-linked into place, which fails if the file exists: concurrent starts agree on one complete key.
 */
export async function loadOrCreateSecretKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const temporary = path.join(dataDir, `.${SECRET_KEY_FILE}.${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temporary, `${generateSecretKey()}\n`, { mode: 0o600, flag: 'wx' });
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new DomainError('SECRET_KEY_MISSING', `cannot create the secret key file ${file}`, {
        cause: error,
      });
    }
  } finally {
    await unlink(temporary).catch(() => {});
  }
  // A key readable by others is tightened rather than trusted as is.
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0) await chmod(file, 0o600);
  const key = (await readFile(file, 'utf8')).trim();
  if (Buffer.from(key, 'base64').length !== 32) {
    throw new DomainError(
      'SECRET_KEY_MISSING',
      `${file} does not hold a 32-byte base64 key; restore it from a backup (secrets written with it cannot be read otherwise)`,
    );
  }
  return key;
}
