// Chromium-only layer of the domain guard: intercepts every request hop over CDP, so redirects are checked too
// (Playwright's routes see only the first URL of a redirect chain), in pages, out-of-process iframes and workers.
import type { BrowserContext, Page } from 'playwright-core';
import { attachChildren, rootChannel, type CdpChannel, type CdpParams } from './cdp-channel.ts';
import type { HostAllowlist } from './host-patterns.ts';
import { GUARD_REPORT_BINDING } from './in-page-guard.ts';

export interface CdpReport {
  url: string;
  /** A BlockedKind (see domain-guard.ts), derived from the CDP resource type and the request. */
  kind: string;
  blocked: boolean;
  reason: string;
}

export interface CdpGuardDeps {
  allowlist: HostAllowlist;
  report: (report: CdpReport) => void;
  workerScript: string;
}

const REMEMBERED_REQUESTS = 10_000;

/** Request ids already let through: seeing one paused again means a redirect hop. */
class SeenRequests {
  private readonly ids = new Set<string>();

  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > REMEMBERED_REQUESTS) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }
}

const ignore = (): undefined => undefined;

/** What a target is, for naming the kind of a blocked document request. */
interface TargetRole {
  /** The target's own frame id (Chromium uses the target id). */
  frameId: string;
  /** A top-level page, as opposed to an out-of-process iframe. */
  page: boolean;
  /** The page was opened by another page and has not navigated yet. */
  popupPending: boolean;
}

function headerValue(headers: unknown, name: string): string {
  if (headers === null || typeof headers !== 'object') return '';
  for (const [key, value] of Object.entries(headers as Record<string, unknown>))
    if (key.toLowerCase() === name) return String(value);
  return '';
}

function kindOf(params: CdpParams, role: TargetRole): string {
  const type = String(params.resourceType ?? 'Other');
  const headers = (params.request as { headers?: unknown } | undefined)?.headers;
  if (type === 'Document') {
    if (!role.page || params.frameId !== role.frameId) return 'iframe';
    return role.popupPending ? 'popup' : 'navigation';
  }
  if (headerValue(headers, 'accept').includes('text/event-stream')) return 'eventsource';
  if (type === 'Prefetch' || headerValue(headers, 'sec-purpose').startsWith('prefetch'))
    return 'prefetch';
  if (type === 'XHR') return 'fetch';
  if (type === 'Ping') return 'beacon';
  return type.toLowerCase();
}

function decideRequest(
  channel: CdpChannel,
  params: CdpParams,
  seen: SeenRequests,
  role: TargetRole,
  deps: CdpGuardDeps,
): void {
  const requestId = String(params.requestId);
  const request = (params.request ?? {}) as { url?: string };
  const url = request.url ?? '';
  const networkId = typeof params.networkId === 'string' ? params.networkId : undefined;
  const kind = kindOf(params, role);
  if (params.resourceType === 'Document' && params.frameId === role.frameId)
    role.popupPending = false;
  if (!/^https?:/i.test(url) || deps.allowlist.allowsUrl(url)) {
    if (networkId) seen.add(networkId);
    channel.send('Fetch.continueRequest', { requestId }).catch(ignore);
    return;
  }
  const redirect =
    (networkId !== undefined && seen.has(networkId)) || params.redirectedRequestId !== undefined;
  deps.report({
    url,
    kind,
    blocked: true,
    reason: redirect ? 'redirected to a host that is not allowed' : 'host not allowed',
  });
  channel.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' }).catch(ignore);
}

async function guardFrameTarget(
  channel: CdpChannel,
  deps: CdpGuardDeps,
  page: boolean,
  popup: boolean,
): Promise<void> {
  const info = (await channel.send('Target.getTargetInfo')).targetInfo as { targetId?: string };
  const role: TargetRole = { frameId: info.targetId ?? '', page, popupPending: popup };
  const seen = new SeenRequests();
  channel.on('Fetch.requestPaused', (params) => decideRequest(channel, params, seen, role, deps));
  await channel.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
  await attachChildren(channel, async (child, type) => {
    if (type === 'iframe') await guardFrameTarget(child, deps, false, false);
    else if (type === 'worker') await guardWorkerTarget(child, deps);
  });
}

async function guardWorkerTarget(channel: CdpChannel, deps: CdpGuardDeps): Promise<void> {
  channel.on('Runtime.bindingCalled', (params) => {
    if (params.name !== GUARD_REPORT_BINDING) return;
    try {
      const { kind, url } = JSON.parse(String(params.payload)) as { kind: string; url: string };
      deps.report({ url, kind, blocked: true, reason: 'host not allowed' });
    } catch {
      // a malformed report from the page is ignored
    }
  });
  channel.on('Network.webSocketCreated', (params) => {
    const url = String(params.url ?? '');
    if (deps.allowlist.allowsUrl(url)) return;
    // The wrapper throws before a socket exists: a socket to a foreign host means the worker was faster.
    deps.report({
      url,
      kind: 'websocket',
      blocked: false,
      reason: 'WebSocket opened by a worker before the guard was in place: NOT blocked',
    });
  });
  await channel.send('Runtime.addBinding', { name: GUARD_REPORT_BINDING });
  await channel.send('Runtime.evaluate', { expression: deps.workerScript });
  await channel.send('Network.enable');
  await attachChildren(channel, async (child, type) => {
    if (type === 'worker') await guardWorkerTarget(child, deps);
  });
}

/** Guards one page over its own CDP session; resolves once interception is on. Returns the detach function. */
export async function guardPageOverCdp(
  context: BrowserContext,
  page: Page,
  deps: CdpGuardDeps,
): Promise<() => Promise<void>> {
  const popup = (await page.opener().catch(() => null)) !== null;
  const session = await context.newCDPSession(page);
  const channel = rootChannel(session);
  try {
    await guardFrameTarget(channel, deps, true, popup);
  } catch (error) {
    channel.close();
    await session.detach().catch(ignore);
    throw error;
  }
  return async () => {
    channel.close();
    await session.detach().catch(ignore);
  };
}
