import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/spawn-retrace.ts';
import { acquireDataDirLock, LOCK_FILE, readLock } from './data-dir-lock.ts';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  temp = await makeTempDir('lock');
});
afterEach(() => temp.remove());

/** A live process that is not this one: a sleeping child. */
function otherProcess() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  return { pid: child.pid as number, stop: () => child.kill('SIGKILL') };
}

describe('data directory lock', () => {
  it('records the holder and its URL, and removes the file on release', async () => {
    const lock = await acquireDataDirLock(temp.dir, 'serve');
    await lock.setUrl('http://127.0.0.1:4700');
    const info = JSON.parse(await readFile(path.join(temp.dir, LOCK_FILE), 'utf8'));
    expect(info).toMatchObject({
      pid: process.pid,
      command: 'serve',
      url: 'http://127.0.0.1:4700',
    });
    await lock.release();
    await expect(readFile(path.join(temp.dir, LOCK_FILE))).rejects.toThrow();
  });

  it('refuses a directory held by another live process, naming it and its URL', async () => {
    const other = otherProcess();
    try {
      await writeFile(
        path.join(temp.dir, LOCK_FILE),
        JSON.stringify({
          pid: other.pid,
          command: 'serve',
          url: 'http://127.0.0.1:4711',
          startedAt: new Date().toISOString(),
        }),
      );
      expect(await readLock(temp.dir)).toMatchObject({
        pid: other.pid,
        url: 'http://127.0.0.1:4711',
      });
      const error = await acquireDataDirLock(temp.dir, 'run').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DATA_DIR_IN_USE' });
      expect((error as Error).message).toContain(`pid ${other.pid}`);
      expect((error as Error).message).toContain('--server http://127.0.0.1:4711');
    } finally {
      other.stop();
    }
  });

  it('takes over the lock of a process that died', async () => {
    const other = otherProcess();
    other.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await writeFile(
      path.join(temp.dir, LOCK_FILE),
      JSON.stringify({ pid: other.pid, command: 'serve', url: null, startedAt: '' }),
    );
    expect(await readLock(temp.dir)).toBeNull();
    const lock = await acquireDataDirLock(temp.dir, 'run');
    await lock.release();
  });
});
