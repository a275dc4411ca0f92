// AES-256-GCM for secret values at rest: random IV per write, key id in the stored text, AAD = (project, name).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { DomainError } from '../errors/domain-error.ts';

const FORMAT_VERSION = 'v1';
const IV_BYTES = 12;
const KEY_BYTES = 32;

/** Keys by id; new values are written with `current`, older keys stay readable so keys can rotate. */
export interface SecretKeyring {
  readonly currentKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

/** Where a ciphertext belongs: copying it to another project or name makes it undecryptable. */
export interface SecretBinding {
  projectId: string;
  secretName: string;
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

function decodeKey(base64: string, position: number): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new DomainError(
      'SECRET_KEY_MISSING',
      `secret key #${position + 1} must be ${KEY_BYTES} bytes in base64 (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  return key;
}

/** Builds a keyring from base64 keys: the first encrypts, all decrypt. */
export function createSecretKeyring(base64Keys: readonly string[]): SecretKeyring {
  const [first, ...rest] = base64Keys;
  if (first === undefined) {
    throw new DomainError('SECRET_KEY_MISSING', 'at least one secret key is required');
  }
  const current = decodeKey(first, 0);
  const keys = new Map<string, Buffer>([[keyIdOf(current), current]]);
  rest.forEach((base64, index) => {
    const key = decodeKey(base64, index + 1);
    keys.set(keyIdOf(key), key);
  });
  return { currentKeyId: keyIdOf(current), keys };
}

export function generateSecretKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

function aadOf(binding: SecretBinding): Buffer {
  return Buffer.from(`retrace-secret\u0000${binding.projectId}\u0000${binding.secretName}`, 'utf8');
}

export function requireKeyring(keyring: SecretKeyring | undefined): SecretKeyring {
  if (keyring === undefined) {
    throw new DomainError(
      'SECRET_KEY_MISSING',
      'no secret key is configured: set one (or use the generated key file in embedded mode)',
    );
  }
  return keyring;
}

/** `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts). */
export function encryptSecretValue(
  keyring: SecretKeyring,
  plaintext: string,
  binding: SecretBinding,
): string {
  const key = keyring.keys.get(keyring.currentKeyId);
  if (key === undefined)
    throw new DomainError('SECRET_KEY_MISSING', 'the current secret key is missing');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aadOf(binding));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [FORMAT_VERSION, keyring.currentKeyId, iv, tag, data]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join(':');
}

export function decryptSecretValue(
  keyring: SecretKeyring,
  stored: string,
  binding: SecretBinding,
): string {
  const parts = stored.split(':');
  const [version, keyId, iv, tag, data] = parts;
  const unreadable = (reason: string, cause?: unknown) =>
    new DomainError(
      'SECRET_UNREADABLE',
      `secret ${binding.secretName} cannot be decrypted: ${reason}`,
      {
        details: { secretName: binding.secretName },
        ...(cause === undefined ? {} : { cause }),
      },
    );
  if (
    parts.length !== 5 ||
    version !== FORMAT_VERSION ||
    !keyId ||
    !iv ||
    !tag ||
    data === undefined
  ) {
    throw unreadable('unknown storage format');
  }
  const key = keyring.keys.get(keyId);
  if (key === undefined)
    throw unreadable(`it was written with key ${keyId}, which is not configured`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(aadOf(binding));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch (error) {
    throw unreadable('authentication failed (wrong key, or the value was moved or altered)', error);
  }
}
