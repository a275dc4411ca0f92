import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findChromiumExecutable,
  HEADLESS_SHELL_CANDIDATE_PATHS,
  isExecutableFile,
  isHeadlessShell,
} from './find-chromium.ts';
import {
  CHROMIUM_DISABLED_FEATURES,
  CHROMIUM_LAUNCH_ARGS,
  CHROMIUM_LAUNCHER,
  launchBrowser,
} from './launch-browser.ts';
import {
  browserProcessesOfThisProcess,
  browserProcessesStartedSince,
  FULL_CHROMIUM_PATH,
  TEST_CHROMIUM_PATH,
} from './test-helpers.ts';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'retrace-launch-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe('finding Chromium', () => {
  it('looks for the headless shell first for a headless launch, never for a headed one', () => {
    const shell = HEADLESS_SHELL_CANDIDATE_PATHS.find((candidate) => isExecutableFile(candidate));
    // .ci/run installs Debian's chromium-headless-shell beside chromium.
    if (process.env.CI) expect(shell).toBeDefined();
    expect(findChromiumExecutable({ includePlaywrightManaged: false })).toBe(
      shell ?? FULL_CHROMIUM_PATH,
    );
    expect(findChromiumExecutable({ headless: false, includePlaywrightManaged: false })).toBe(
      FULL_CHROMIUM_PATH,
    );
    expect(TEST_CHROMIUM_PATH).toBe(shell ?? FULL_CHROMIUM_PATH);
  });

  it('tells the headless shell from the full browser by its name', () => {
    expect(isHeadlessShell('/usr/lib/chromium/chromium-headless-shell')).toBe(true);
    expect(
      isHeadlessShell('/opt/pw/chromium_headless_shell-1200/chrome-linux/headless_shell'),
    ).toBe(true);
    expect(isHeadlessShell('/usr/bin/chromium')).toBe(false);
    expect(isHeadlessShell('/usr/lib/chromium/chromium')).toBe(false);
  });

  it('returns null when no candidate exists and Playwright’s download is excluded', () => {
    expect(
      findChromiumExecutable({ candidates: ['/nope/chromium'], includePlaywrightManaged: false }),
    ).toBeNull();
  });

  it('does not take a directory or a non-executable file for a browser', async () => {
    const plain = path.join(scratch, 'not-executable');
    await writeFile(plain, 'x');
    expect(isExecutableFile(scratch)).toBe(false);
    expect(isExecutableFile(plain)).toBe(false);
    expect(isExecutableFile(TEST_CHROMIUM_PATH)).toBe(true);
  });
});

describe('launching a local browser', () => {
  it.each([...new Set([TEST_CHROMIUM_PATH, FULL_CHROMIUM_PATH])])(
    'launches %s with the standard arguments and closes it',
    async (executablePath) => {
      const before = browserProcessesOfThisProcess();
      const launched = await launchBrowser({
        executablePath,
        extraArgs: ['--disable-features=RetraceTestFeature'],
      });
      try {
        expect(launched.remote).toBe(false);
        expect(launched.executablePath).toBe(executablePath);
        expect(launched.browser.version()).toMatch(/^\d+\./);
        const cmdlines = browserProcessesStartedSince(before).map((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          } catch {
            return '';
          }
        });
        const main = cmdlines.find((line) => line.includes('--no-first-run')) ?? '';
        for (const arg of CHROMIUM_LAUNCH_ARGS) expect(main).toContain(arg);
        // One feature switch carrying Playwright's list, ours and the caller's: Chromium keeps only the last one.
        const switches = main.split('\0').filter((arg) => arg.startsWith('--disable-features='));
        expect(switches).toHaveLength(1);
        const features = (switches[0] ?? '').slice('--disable-features='.length).split(',');
        for (const feature of [...CHROMIUM_DISABLED_FEATURES, 'RetraceTestFeature'])
          expect(features).toContain(feature);
        expect(features.length).toBeGreaterThan(CHROMIUM_DISABLED_FEATURES.length + 3);
      } finally {
        await launched.close();
      }
      expect(launched.closed).toBe(true);
      expect(browserProcessesStartedSince(before)).toEqual([]);
    },
  );

  it('opens a context without the omnibox popup pages headless Chromium would preload for it', async () => {
    // The full browser's headless mode: the headless shell has no omnibox at all.
    const launched = await launchBrowser({ executablePath: FULL_CHROMIUM_PATH });
    try {
      const context = await launched.browser.newContext();
      await context.newPage();
      const cdp = await launched.browser.newBrowserCDPSession();
      const { targetInfos } = await cdp.send('Target.getTargets');
      const urls = targetInfos.map((target) => `${target.type} ${target.url}`);
      expect(urls).toContain('page about:blank');
      expect(urls.filter((url) => url.includes('omnibox-popup'))).toEqual([]);
      await context.close();
    } finally {
      await launched.close();
    }
  });

  it('merges repeated feature switches and hides its own variable from the browser', async () => {
    const fake = path.join(scratch, 'print-arguments');
    await writeFile(
      fake,
      '#!/bin/sh\nfor a; do printf "%s\\n" "$a"; done\necho "variable=${RETRACE_CHROMIUM_EXECUTABLE-unset}"\n',
    );
    await chmod(fake, 0o755);
    const printed = await new Promise<string>((resolve, reject) =>
      execFile(
        CHROMIUM_LAUNCHER,
        [
          '--a',
          '--disable-features=A,B',
          'two words',
          '--disable-features=C',
          '--enable-features=E',
          '--b',
        ],
        { env: { ...process.env, RETRACE_CHROMIUM_EXECUTABLE: fake } },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    expect(printed.split('\n')).toEqual([
      '--a',
      'two words',
      '--b',
      '--disable-features=A,B,C',
      '--enable-features=E',
      'variable=unset',
      '',
    ]);
  });

  it('explains how to fix a configured path that does not exist', async () => {
    const error = await launchBrowser({ executablePath: '/opt/missing/chromium' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'BROWSER_NOT_FOUND' });
    expect(String((error as Error).message)).toContain('/opt/missing/chromium');
    expect(String((error as Error).message)).toContain('apt-get install chromium');
    expect(String((error as Error).message)).toContain('remote browser endpoint');
  });

  it('refuses a headed launch of the headless shell before starting it', async () => {
    const shell = path.join(scratch, 'chromium-headless-shell');
    await writeFile(shell, '#!/bin/sh\nexit 3\n');
    await chmod(shell, 0o755);
    await expect(launchBrowser({ executablePath: shell, headless: false })).rejects.toMatchObject({
      code: 'BROWSER_UNSUPPORTED',
      message: expect.stringMatching(/headless shell, which cannot show a window/),
    });
  });

  it('explains how to fix a machine without Chromium', async () => {
    await expect(launchBrowser({ executableCandidates: ['/nope/chromium'] })).rejects.toMatchObject(
      {
        code: 'BROWSER_NOT_FOUND',
        message: expect.stringMatching(
          /No Chromium found.*executable path.*remote browser endpoint/,
        ),
      },
    );
  });

  it('reports an executable that is not a browser as BROWSER_LAUNCH_FAILED', async () => {
    const fake = path.join(scratch, 'fake-chromium');
    await writeFile(fake, '#!/bin/sh\necho "this is not a browser" >&2\nexit 3\n');
    await chmod(fake, 0o755);
    await expect(launchBrowser({ executablePath: fake, timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'BROWSER_LAUNCH_FAILED',
      message: expect.stringContaining(fake),
    });
  });

  it('refuses firefox and webkit locally and points at a remote endpoint', async () => {
    for (const browser of ['firefox', 'webkit'] as const) {
      await expect(launchBrowser({ browser })).rejects.toMatchObject({
        code: 'BROWSER_UNSUPPORTED',
        message: expect.stringContaining('remote browser endpoint'),
      });
    }
  });

  it('cancels a launch and leaves no Chromium process', async () => {
    const before = browserProcessesOfThisProcess();
    const controller = new AbortController();
    const launching = launchBrowser({
      executablePath: TEST_CHROMIUM_PATH,
      signal: controller.signal,
    });
    setImmediate(() => controller.abort());
    await expect(launching).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(browserProcessesStartedSince(before)).toEqual([]);
  });
});

describe('connecting to a remote browser', () => {
  it('connects to a Playwright server and only disconnects on close', async () => {
    const browserServer = await chromium.launchServer({
      executablePath: TEST_CHROMIUM_PATH,
      args: [...CHROMIUM_LAUNCH_ARGS],
    });
    try {
      const remote = await launchBrowser({
        remote: { protocol: 'playwright', wsEndpoint: browserServer.wsEndpoint() },
      });
      expect(remote.remote).toBe(true);
      expect(remote.executablePath).toBeNull();
      const context = await remote.browser.newContext();
      const page = await context.newPage();
      await page.setContent('<h1>remote</h1>');
      expect(await page.textContent('h1')).toBe('remote');
      await remote.close();
      // The server's browser keeps running for other clients.
      const again = await launchBrowser({
        remote: { protocol: 'playwright', wsEndpoint: browserServer.wsEndpoint() },
      });
      expect(again.browser.isConnected()).toBe(true);
      await again.close();
    } finally {
      await browserServer.close();
    }
  });

  it('connects over CDP to a Chromium with a debugging port', async () => {
    const port = await freePort();
    const host = await chromium.launch({
      executablePath: TEST_CHROMIUM_PATH,
      args: [...CHROMIUM_LAUNCH_ARGS, `--remote-debugging-port=${port}`],
    });
    try {
      const remote = await launchBrowser({
        remote: { protocol: 'cdp', endpointURL: `http://127.0.0.1:${port}` },
      });
      const context = await remote.browser.newContext();
      const page = await context.newPage();
      await page.setContent('<p>over cdp</p>');
      expect(await page.textContent('p')).toBe('over cdp');
      await remote.close();
    } finally {
      await host.close();
    }
  });

  it('reports an unreachable endpoint as BROWSER_CONNECT_FAILED without leaking its token', async () => {
    const port = await freePort();
    const error = await launchBrowser({
      remote: {
        protocol: 'playwright',
        wsEndpoint: `ws://127.0.0.1:${port}/grid?token=s3cr3t-token`,
      },
      timeoutMs: 5_000,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BROWSER_CONNECT_FAILED' });
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).not.toContain('s3cr3t-token');
  });

  it('refuses firefox over CDP', async () => {
    await expect(
      launchBrowser({
        browser: 'firefox',
        remote: { protocol: 'cdp', endpointURL: 'http://127.0.0.1:9' },
      }),
    ).rejects.toMatchObject({ code: 'BROWSER_UNSUPPORTED' });
  });
});
