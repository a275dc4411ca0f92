// Vitest global setup of the web project: a fresh dashboard build and one `retrace demo` for every end-to-end file.
import type { TestProject } from 'vitest/node';
import { startRetrace } from '../../scripts/retrace-process.ts';
import { ensureDashboardBuild } from './dashboard-build.ts';

export interface RetraceServerInfo {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** The local admin API key. */
  apiKey: string;
  dataDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    retrace: RetraceServerInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureDashboardBuild();
  const server = await startRetrace({ command: 'demo' });
  if (server.apiKey === null) {
    await server.stop();
    throw new Error('retrace demo wrote no local API key');
  }
  project.provide('retrace', { url: server.url, apiKey: server.apiKey, dataDir: server.dataDir });
  return async () => {
    await server.stop();
  };
}
