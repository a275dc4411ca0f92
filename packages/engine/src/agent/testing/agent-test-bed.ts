// Test support for agent tests: the fixture server and one shared Chromium per test file, and event capture.
import { readdirSync, readFileSync } from 'node:fs';
import {
  startFixtureServer,
  type FixtureServer,
  type StartFixtureServerOptions,
} from '@retrace/fixtures';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../../browser/launch-browser.ts';
import { browserProcessesOfThisProcess, TEST_CHROMIUM_PATH } from '../../browser/test-helpers.ts';
import type { AgentEvent } from '../agent-events.ts';

export interface AgentTestBed {
  server: FixtureServer;
  /** Shared by the file's tests: each agentic run opens its own context in it. */
  browser: LaunchedBrowser;
  /**
   * Browser processes of this test process that are not the shared browser's (which starts helper processes
   * lazily, at any time): what a test that launches its own browser must leave behind — nothing.
   */
  ownBrowserProcesses(): number[];
}

export interface AgentTestBedOptions {
  server?: StartFixtureServerOptions;
  /** More Chromium arguments, e.g. `--host-resolver-rules=MAP *.test 127.0.0.1` for a second host on loopback. */
  extraArgs?: readonly string[];
}

/** Registers beforeAll/afterAll hooks; the returned object is filled in before the first test runs. */
export function useAgentTestBed(options: AgentTestBedOptions = {}): AgentTestBed {
  const bed = {} as AgentTestBed;
  let sharedRoots: number[] = [];
  beforeAll(async () => {
    bed.server = await startFixtureServer(options.server);
    const before = browserProcessesOfThisProcess();
    bed.browser = await launchBrowser({
      executablePath: TEST_CHROMIUM_PATH,
      extraArgs: options.extraArgs,
    });
    sharedRoots = browserProcessesOfThisProcess().filter(
      (pid) => !before.includes(pid) && parentOf(pid) === process.pid,
    );
  });
  bed.ownBrowserProcesses = () =>
    browserProcessesOfThisProcess().filter(
      (pid) => !sharedRoots.some((root) => descendsFrom(pid, root)),
    );
  afterAll(async () => {
    await bed.browser?.close();
    await bed.server?.close();
  });
  return bed;
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function descendsFrom(pid: number, root: number): boolean {
  const alive = new Set(
    readdirSync('/proc')
      .filter((e) => /^\d+$/.test(e))
      .map(Number),
  );
  for (
    let current: number | null = pid;
    current !== null && current > 1 && alive.has(current);
    current = parentOf(current)
  ) {
    if (current === root) return true;
  }
  return false;
}

/** Collects a run's events, for assertions. */
export function collectEvents(): { events: AgentEvent[]; onEvent: (event: AgentEvent) => void } {
  const events: AgentEvent[] = [];
  return { events, onEvent: (event) => void events.push(event) };
}

/** The events of one type. */
export function eventsOf<T extends AgentEvent['type']>(
  events: readonly AgentEvent[],
  type: T,
): Extract<AgentEvent, { type: T }>[] {
  return events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);
}

/** True when the bytes start with the JPEG magic number. */
export function isJpeg(bytes: Uint8Array | null): boolean {
  return (
    bytes !== null &&
    bytes.length > 3 &&
    bytes[0] === 0xff &&
    bytes[1] === 0xd8 &&
    bytes[2] === 0xff
  );
}
