// Secrets: encrypted at rest, bound to their row, versioned atomically, never handed to users.
import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { queryRows, secretValues } from '@retrace/db';
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../projects/create-project.ts';
import { createWorld, expectDomainError, testKeyring } from '../test-support/world.ts';
import { createSecret } from './create-secret.ts';
import { deleteSecret } from './delete-secret.ts';
import { getSecret } from './get-secret.ts';
import { listSecrets } from './list-secrets.ts';
import { loadOrCreateSecretKey } from './load-or-create-secret-key.ts';
import { renameSecret } from './rename-secret.ts';
import { resolveSecretValues } from './resolve-secret-values.ts';
import {
  createSecretKeyring,
  decryptSecretValue,
  encryptSecretValue,
  generateSecretKey,
} from './secret-cipher.ts';
import { updateSecretValue } from './update-secret-value.ts';

const PLAINTEXT = 'correct horse battery staple';

describe('secret cipher', () => {
  const keyring = testKeyring();
  const binding = { projectId: 'p1', secretName: 'PASSWORD' };

  it('uses a fresh IV per write, so the same value never encrypts the same way twice', () => {
    const a = encryptSecretValue(keyring, PLAINTEXT, binding);
    const b = encryptSecretValue(keyring, PLAINTEXT, binding);
    expect(a).not.toBe(b);
    expect(a.startsWith(`v1:${keyring.currentKeyId}:`)).toBe(true);
    expect(decryptSecretValue(keyring, a, binding)).toBe(PLAINTEXT);
  });

  it('refuses a ciphertext moved to another project or name (AAD binding)', () => {
    const stored = encryptSecretValue(keyring, PLAINTEXT, binding);
    expect(() =>
      decryptSecretValue(keyring, stored, { projectId: 'p2', secretName: 'PASSWORD' }),
    ).toThrow(expect.objectContaining({ code: 'SECRET_UNREADABLE' }));
    expect(() =>
      decryptSecretValue(keyring, stored, { projectId: 'p1', secretName: 'OTHER' }),
    ).toThrow(expect.objectContaining({ code: 'SECRET_UNREADABLE' }));
  });

  it('refuses a tampered ciphertext without echoing the value', () => {
    const stored = encryptSecretValue(keyring, PLAINTEXT, binding);
    const parts = stored.split(':');
    const data = Buffer.from(parts[4] ?? '', 'base64url');
    data[0] = (data[0] ?? 0) ^ 1;
    parts[4] = data.toString('base64url');
    let message = '';
    try {
      decryptSecretValue(keyring, parts.join(':'), binding);
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain('cannot be decrypted');
    expect(message).not.toContain(PLAINTEXT);
  });

  it('rotates keys: old values stay readable, new values use the first key', () => {
    const oldKey = generateSecretKey();
    const newKey = generateSecretKey();
    const before = createSecretKeyring([oldKey]);
    const stored = encryptSecretValue(before, PLAINTEXT, binding);
    const after = createSecretKeyring([newKey, oldKey]);
    expect(decryptSecretValue(after, stored, binding)).toBe(PLAINTEXT);
    expect(encryptSecretValue(after, PLAINTEXT, binding).split(':')[1]).toBe(after.currentKeyId);
    expect(() => decryptSecretValue(createSecretKeyring([newKey]), stored, binding)).toThrow(
      expect.objectContaining({ code: 'SECRET_UNREADABLE' }),
    );
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => createSecretKeyring([Buffer.alloc(16).toString('base64')])).toThrow(
      expect.objectContaining({ code: 'SECRET_KEY_MISSING' }),
    );
  });
});

describe('loadOrCreateSecretKey', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const freshDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'retrace-key-'));
    dirs.push(dir);
    return path.join(dir, 'data');
  };

  it('creates <dataDir>/secret.key with mode 0600 and returns the same key afterwards', async () => {
    const dataDir = freshDir();
    const key = await loadOrCreateSecretKey(dataDir);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateSecretKey(dataDir)).toBe(key);
  });

  it('gives one key to ten concurrent starts', async () => {
    const dataDir = freshDir();
    const keys = await Promise.all(
      Array.from({ length: 10 }, () => loadOrCreateSecretKey(dataDir)),
    );
    expect(new Set(keys).size).toBe(1);
    expect(readFileSync(path.join(dataDir, 'secret.key'), 'utf8').trim()).toBe(keys[0]);
  });

  it('tightens a key file readable by others to 0600', async () => {
    const dataDir = freshDir();
    await loadOrCreateSecretKey(dataDir);
    chmodSync(path.join(dataDir, 'secret.key'), 0o644);
    await loadOrCreateSecretKey(dataDir);
    expect(statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    const dataDir = freshDir();
    await loadOrCreateSecretKey(dataDir);
    writeFileSync(path.join(dataDir, 'secret.key'), 'not a key');
    await expectDomainError(loadOrCreateSecretKey(dataDir), 'SECRET_KEY_MISSING');
  });
});

describe.each(testDatabaseDrivers(process.env))('secrets [$name]', (driver) => {
  let database: TestDatabase;
  const secretKey = testKeyring();
  const deps = () => ({ db: database.db, secretKey });
  beforeAll(async () => {
    database = await driver.open();
  });
  afterAll(async () => database.dispose());

  it('stores only ciphertext: the secret column never contains the plaintext', async () => {
    const world = await createWorld(database.db);
    const secret = await createSecret(deps(), world.admin, {
      projectId: world.project.id,
      name: 'PASSWORD',
      value: PLAINTEXT,
    });
    expect(secret).not.toHaveProperty('secretValue');
    await updateSecretValue(deps(), world.admin, { secretId: secret.id, value: `${PLAINTEXT}!` });
    const rows = await queryRows<{ v: string }>(
      database.db,
      sql`select secret_value as v from secret_values where id = ${secret.id}`,
    );
    expect(rows[0]?.v).toMatch(/^v1:/);
    expect(rows[0]?.v).not.toContain(PLAINTEXT);
    expect(rows[0]?.v).not.toContain(Buffer.from(PLAINTEXT).toString('base64'));
    const dump = await queryRows<{ t: string }>(
      database.db,
      sql`select string_agg(t::text, '|') as t from secret_values t`,
    );
    expect(dump[0]?.t).not.toContain(PLAINTEXT);
  });

  it('a ciphertext copied into another project’s row does not decrypt', async () => {
    const world = await createWorld(database.db);
    const other = await createProject({ db: database.db }, world.admin, {
      name: 'Other',
      defaultUrlRoute: 'http://other.test',
    });
    const source = await createSecret(deps(), world.admin, {
      projectId: world.project.id,
      name: 'TOKEN',
      value: PLAINTEXT,
    });
    await createSecret(deps(), world.admin, { projectId: other.id, name: 'TOKEN', value: 'x' });
    await database.db.execute(sql`update secret_values set secret_value =
      (select secret_value from secret_values where id = ${source.id})
      where project_id = ${other.id} and secret_name = 'TOKEN'`);
    await expectDomainError(
      resolveSecretValues(deps(), world.system, other.id, ['TOKEN']),
      'SECRET_UNREADABLE',
    );
  });

  it('20 concurrent value updates give versions 2..21 with no gap or duplicate', async () => {
    const world = await createWorld(database.db);
    const secret = await createSecret(deps(), world.admin, {
      projectId: world.project.id,
      name: 'RACE',
      value: 'v1',
    });
    expect(secret.version).toBe(1);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        updateSecretValue(deps(), world.admin, { secretId: secret.id, value: `value-${i}` }),
      ),
    );
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 2),
    );
    const resolved = await resolveSecretValues(deps(), world.system, world.project.id, ['RACE']);
    expect(resolved.get('RACE')?.version).toBe(21);
    // The stored value is the one written by the update that got version 21.
    const last = results.findIndex((r) => r.version === 21);
    expect(resolved.get('RACE')?.value).toBe(`value-${last}`);
  });

  it('names are unique per project: a second PASSWORD is SECRET_NAME_TAKEN, another project may have one', async () => {
    const world = await createWorld(database.db);
    await createSecret(deps(), world.admin, {
      projectId: world.project.id,
      name: 'PASSWORD',
      value: 'a',
    });
    const error = await expectDomainError(
      createSecret(deps(), world.admin, {
        projectId: world.project.id,
        name: 'PASSWORD',
        value: PLAINTEXT,
      }),
      'SECRET_NAME_TAKEN',
    );
    expect(error.message).not.toContain(PLAINTEXT);
    expect(error.httpStatus).toBe(409);
    const other = await createProject({ db: database.db }, world.admin, {
      name: 'Other',
      defaultUrlRoute: 'http://other.test',
    });
    await createSecret(deps(), world.admin, { projectId: other.id, name: 'PASSWORD', value: 'b' });
  });

  it('renaming re-encrypts for the new name and increments the version', async () => {
    const world = await createWorld(database.db);
    const secret = await createSecret(deps(), world.admin, {
      projectId: world.project.id,
      name: 'OLD',
      value: PLAINTEXT,
    });
    const renamed = await renameSecret(deps(), world.admin, { secretId: secret.id, name: 'NEW' });
    expect(renamed).toMatchObject({ secretName: 'NEW', version: 2 });
    const resolved = await resolveSecretValues(deps(), world.system, world.project.id);
    expect([...resolved.keys()]).toEqual(['NEW']);
    expect(resolved.get('NEW')).toEqual({ value: PLAINTEXT, version: 2 });
  });

  it('an update made with a stale updated_at is PRECONDITION_FAILED', async () => {
    const world = await createWorld(database.db);
    const secret = await createSecret(deps(), world.admin, {
      projectId: world.project.id,
      name: 'S',
      value: 'a',
    });
    await updateSecretValue(deps(), world.admin, {
      secretId: secret.id,
      value: 'b',
      expectedUpdatedAt: secret.updatedAt,
    });
    await expectDomainError(
      updateSecretValue(deps(), world.admin, {
        secretId: secret.id,
        value: 'c',
        expectedUpdatedAt: secret.updatedAt,
      }),
      'PRECONDITION_FAILED',
    );
  });

  it('lists names, versions and times, never values', async () => {
    const world = await createWorld(database.db);
    for (const name of ['B_SECRET', 'A_SECRET']) {
      await createSecret(deps(), world.admin, {
        projectId: world.project.id,
        name,
        value: PLAINTEXT,
      });
    }
    const page = await listSecrets(deps(), world.guest, { projectId: world.project.id });
    const one = await getSecret(deps(), world.guest, { secretId: page.items[0]?.id ?? '' });
    expect(one).toEqual(page.items[0]);
    expect(page.items.map((s) => s.secretName)).toEqual(['A_SECRET', 'B_SECRET']);
    expect(JSON.stringify(page)).not.toContain(PLAINTEXT);
    expect(JSON.stringify(page)).not.toContain('v1:');
  });

  it('only the worker (system actor) gets plaintext values; an admin user is FORBIDDEN', async () => {
    const world = await createWorld(database.db);
    await createSecret(deps(), world.admin, {
      projectId: world.project.id,
      name: 'PW',
      value: PLAINTEXT,
    });
    await expectDomainError(
      resolveSecretValues(deps(), world.admin, world.project.id, ['PW']),
      'FORBIDDEN',
    );
    await expectDomainError(
      resolveSecretValues(deps(), world.system, world.project.id, ['PW', 'MISSING']),
      'NOT_FOUND',
    );
    const resolved = await resolveSecretValues(deps(), world.system, world.project.id, ['PW']);
    expect(resolved.get('PW')).toEqual({ value: PLAINTEXT, version: 1 });
  });

  it('member cannot create, change or delete secrets', async () => {
    const world = await createWorld(database.db);
    await expectDomainError(
      createSecret(deps(), world.member, { projectId: world.project.id, name: 'X', value: 'y' }),
      'FORBIDDEN',
    );
    const secret = await createSecret(deps(), world.admin, {
      projectId: world.project.id,
      name: 'X',
      value: 'y',
    });
    await expectDomainError(
      updateSecretValue(deps(), world.member, { secretId: secret.id, value: 'z' }),
      'FORBIDDEN',
    );
    await expectDomainError(
      deleteSecret(deps(), world.member, { secretId: secret.id }),
      'FORBIDDEN',
    );
    await deleteSecret(deps(), world.admin, { secretId: secret.id });
    expect(await database.db.$count(secretValues, eq(secretValues.id, secret.id))).toBe(0);
  });

  it('refuses to write a secret when no key is configured', async () => {
    const world = await createWorld(database.db);
    await expectDomainError(
      createSecret({ db: database.db }, world.admin, {
        projectId: world.project.id,
        name: 'X',
        value: 'y',
      }),
      'SECRET_KEY_MISSING',
    );
  });

  it('validation errors never quote the submitted value', async () => {
    const world = await createWorld(database.db);
    const error = await expectDomainError(
      createSecret(deps(), world.admin, {
        projectId: world.project.id,
        name: 'bad name!',
        value: PLAINTEXT,
      }),
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(
      PLAINTEXT,
    );
  });
});
