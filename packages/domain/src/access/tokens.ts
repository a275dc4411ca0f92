// Bearer tokens (API keys, invitations): random, shown once, stored only as a sha256 hash.
import { createHash, randomBytes } from 'node:crypto';

/** `<kind>_<random>`; 32 random bytes, so the hash needs no salt or slow KDF. */
export function generateToken(kind: string): string {
  return `${kind}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
