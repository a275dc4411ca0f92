// Opens what a server-side command runs on: the database (migrated), the queue, artifact storage and secrets.
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDatabase, type Database } from '@retrace/db';
import {
  createSecretKeyring,
  type DomainDeps,
  ensureBuiltinBrowserConfigs,
  loadOrCreateSecretKey,
} from '@retrace/domain';
import { createQueue, type JobQueue } from '@retrace/queue';
import { type ArtifactStore, createArtifactStore } from '@retrace/storage';
import { CliError, describeError } from '../cli-error.ts';
import type { StackConfig } from '../config/command-configs.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';

export interface Stack {
  config: StackConfig;
  database: Database;
  domain: DomainDeps;
  artifacts: ArtifactStore;
  queue: JobQueue;
  /** Held while the embedded database is open. */
  lock: DataDirLock | null;
  /** The key signing artifact URLs: RETRACE_SIGNING_KEY, else `<data-dir>/signing.key`. */
  signingKey: string;
  close(): Promise<void>;
}

export interface OpenStackOptions {
  /** Names the holder in the lock file (`serve`, `run`, …). */
  command: string;
  signingKey?: string | null;
  /** Start the queue (workers and the API need it; migrate does not). */
  startQueue?: boolean;
  signal?: AbortSignal;
  onError?: (error: Error) => void;
}

const SIGNING_KEY_FILE = 'signing.key';

/** Reads `<dataDir>/signing.key`, creating it (0600) on first use; hard-linked into place so racing starts agree. */
async function loadOrCreateSigningKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${randomBytes(32).toString('base64url')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  return (await readFile(file, 'utf8')).trim();
}

function startupFailed(what: string, error: unknown): CliError {
  return new CliError('STARTUP_FAILED', `${what}: ${describeError(error)}`, { cause: error });
}

/**
 * Opens everything in order and closes what was opened if a later step fails. With the embedded database the
 * data directory is locked first (DATA_DIR_IN_USE names the process holding it).
 */
export async function openStack(config: StackConfig, options: OpenStackOptions): Promise<Stack> {
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    closers.length = 0;
  };
  try {
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    let lock: DataDirLock | null = null;
    if (config.database.kind === 'pglite') {
      lock = await acquireDataDirLock(config.dataDir, options.command);
      const held = lock;
      closers.push(() => held.release());
    }
    let database: Database;
    try {
      database = await createDatabase(
        config.database,
        options.signal ? { signal: options.signal } : {},
      );
    } catch (error) {
      throw startupFailed(
        config.database.kind === 'pglite'
          ? `cannot open the embedded database in ${config.database.dataDir}`
          : 'cannot open the PostgreSQL database (check DATABASE_URL and that the server is up)',
        error,
      );
    }
    closers.push(() => database.close());
    await ensureBuiltinBrowserConfigs({ db: database.db });

    let secretKeys: string[];
    try {
      secretKeys = config.secretKeys ?? [await loadOrCreateSecretKey(config.dataDir)];
    } catch (error) {
      throw startupFailed('cannot load the secret key', error);
    }
    let keyring;
    try {
      keyring = createSecretKeyring(secretKeys);
    } catch (error) {
      throw new CliError('CONFIG_INVALID', `RETRACE_SECRET_KEY: ${describeError(error)}`, {
        cause: error,
      });
    }

    const artifacts = createArtifactStore(config.artifacts);
    closers.push(() => artifacts.close());
    try {
      await artifacts.checkAccess(options.signal ? { signal: options.signal } : undefined);
    } catch (error) {
      throw startupFailed(
        config.artifacts.kind === 'local'
          ? `cannot write artifacts to ${config.artifacts.dir}`
          : `cannot reach the S3 bucket ${config.artifacts.bucket}`,
        error,
      );
    }

    const queue = createQueue(
      database.kind === 'pglite'
        ? { pglite: database.pglite, ...(options.onError ? { onError: options.onError } : {}) }
        : {
            connectionString: config.database.kind === 'postgres' ? config.database.url : '',
            ...(options.onError ? { onError: options.onError } : {}),
          },
    );
    if (options.startQueue ?? true) {
      try {
        await queue.start();
      } catch (error) {
        throw startupFailed('cannot start the run queue', error);
      }
      closers.push(() => queue.stop({ graceful: false }));
    }
    const signingKey = options.signingKey ?? (await loadOrCreateSigningKey(config.dataDir));
    const domain: DomainDeps = {
      db: database.db,
      secretKey: keyring,
      artifacts: {
        delete: (key) => artifacts.delete(key),
        deleteMany: (keys) => artifacts.deleteMany(keys),
      },
    };
    return {
      config,
      database,
      domain,
      artifacts,
      queue,
      lock,
      signingKey,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
