// A lock file in the data directory: PGlite is one process, so a second retrace must not open the same directory.
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from '../cli-error.ts';

export const LOCK_FILE = 'retrace.lock';

export interface LockInfo {
  pid: number;
  command: string;
  /** Where the holder serves the API, when it does (`serve`, `demo`). */
  url: string | null;
  startedAt: string;
}

export interface DataDirLock {
  readonly file: string;
  /** Records the URL once the server listens, so other processes can reach it. */
  setUrl(url: string): Promise<void>;
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of the data directory, or null (a stale lock of a dead process counts as none). */
export async function readLock(dataDir: string): Promise<LockInfo | null> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, LOCK_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let info: LockInfo;
  try {
    info = JSON.parse(text) as LockInfo;
  } catch {
    return null;
  }
  if (typeof info.pid !== 'number' || info.pid === process.pid || !isAlive(info.pid)) return null;
  return info;
}

function inUse(dataDir: string, holder: LockInfo): CliError {
  return new CliError(
    'DATA_DIR_IN_USE',
    `the data directory ${dataDir} is in use by \`retrace ${holder.command}\` (pid ${holder.pid})` +
      (holder.url ? ` serving ${holder.url}` : '') +
      ': the embedded database allows one process — stop it, or choose another --data-dir' +
      (holder.url ? `, or work with it through --server ${holder.url}` : ''),
  );
}

/**
 * Takes the lock or throws DATA_DIR_IN_USE naming the holder. Created with O_EXCL, so two processes starting
 * together cannot both win; a lock left by a dead process is removed first.
 */
export async function acquireDataDirLock(dataDir: string, command: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, LOCK_FILE);
  const info: LockInfo = {
    pid: process.pid,
    command,
    url: null,
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        file,
        async setUrl(url) {
          info.url = url;
          await writeFile(file, JSON.stringify(info), { mode: 0o600 });
        },
        async release() {
          if (released) return;
          released = true;
          await unlink(file).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readLock(dataDir);
      if (holder) throw inUse(dataDir, holder);
      // Stale: its process is gone.
      await unlink(file).catch(() => undefined);
    }
  }
  throw new CliError(
    'DATA_DIR_IN_USE',
    `cannot take the lock file ${file}: remove it if no retrace runs`,
  );
}
