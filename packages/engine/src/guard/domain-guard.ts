// The network domain guard: only the project's host and the test's allowed domains are reachable from a
// browser context; everything else is aborted and reported (DESIGN §5).
import type { BrowserContext, Page, Request, Route, WebSocketRoute } from 'playwright-core';
import { guardPageOverCdp, type CdpReport } from './cdp-guard.ts';
import type { GuardProxy } from './guard-proxy.ts';
import { compileHostAllowlist, trimUrlForReport, type HostAllowlist } from './host-patterns.ts';
import { GUARD_REPORT_BINDING, pageGuardScript, workerGuardScript } from './in-page-guard.ts';

export type BlockedKind =
  | 'navigation'
  | 'popup'
  | 'iframe'
  | 'script'
  | 'stylesheet'
  | 'image'
  | 'font'
  | 'media'
  /** fetch() and XMLHttpRequest. */
  | 'fetch'
  | 'beacon'
  | 'eventsource'
  | 'websocket'
  | 'webtransport'
  | 'webrtc'
  | 'manifest'
  | 'prefetch'
  | 'worker'
  /** A connection refused by the guard proxy (host and port only). */
  | 'connection'
  | 'other';

/** One request the guard stopped (or, with blocked: false, saw escape). URLs never carry query strings. */
export interface BlockedRequest {
  /** Scheme, host, port and path only. */
  url: string;
  host: string;
  kind: BlockedKind;
  reason: string;
  /** False only for what the guard detected but could not stop (see README: worker WebSockets). */
  blocked: boolean;
  at: Date;
}

export interface DomainGuardOptions {
  /** Host patterns: the project's own host first (see buildAllowedHosts), then allowed_domains. */
  allowedHosts: readonly string[];
  /** Called for each blocked request, as it happens. */
  onBlocked?: (blocked: BlockedRequest) => void;
  /** WebRTC cannot be limited to hosts (peers are IPs), so it is refused unless this is set. */
  allowWebRtc?: boolean;
  /** The context's guard proxy (see guard-proxy.ts), whose refused connections are reported here too. */
  proxy?: GuardProxy;
}

export interface DomainGuard {
  readonly allowlist: HostAllowlist;
  /** Whether redirect hops are checked too (Chromium: CDP interception); false on other browsers. */
  readonly checksRedirects: boolean;
  /** What was blocked since the last drain (the step result reports it), oldest first. */
  drainBlocked(): BlockedRequest[];
  /** Everything blocked since installation. */
  allBlocked(): readonly BlockedRequest[];
  /** Stops guarding: later requests pass (used when the context closes). */
  dispose(): Promise<void>;
}

const KIND_BY_TYPE: Record<string, BlockedKind> = {
  stylesheet: 'stylesheet',
  image: 'image',
  media: 'media',
  texttrack: 'media',
  font: 'font',
  script: 'script',
  xhr: 'fetch',
  fetch: 'fetch',
  eventsource: 'eventsource',
  websocket: 'websocket',
  webtransport: 'webtransport',
  webrtc: 'webrtc',
  manifest: 'manifest',
  ping: 'beacon',
  beacon: 'beacon',
  other: 'other',
  prefetch: 'prefetch',
  worker: 'worker',
  sharedworker: 'worker',
  connection: 'connection',
  navigation: 'navigation',
  popup: 'popup',
  iframe: 'iframe',
};

const IN_PAGE_REASONS: Partial<Record<BlockedKind, string>> = {
  webrtc: 'WebRTC is disabled in guarded sessions (peers and STUN/TURN servers are not HTTP hosts)',
  worker: 'shared workers are disabled in guarded sessions (their requests cannot be checked)',
};

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

function pageOf(request: Request): Page | undefined {
  try {
    return request.frame().page();
  } catch {
    return undefined; // service worker requests have no frame
  }
}

/** Pages whose main frame has made a request: a popup's first navigation is the one before that. */
const navigatedPages = new WeakSet<Page>();

async function kindOfRequest(request: Request): Promise<BlockedKind> {
  const type = request.resourceType();
  if (type !== 'document') return KIND_BY_TYPE[type] ?? 'other';
  let frame;
  try {
    frame = request.frame();
  } catch {
    // Playwright has no frame yet for the first navigation of a window being opened.
    return 'popup';
  }
  if (frame.parentFrame()) return 'iframe';
  const page = frame.page();
  const first = !navigatedPages.has(page);
  navigatedPages.add(page);
  const opener = first ? await page.opener().catch(() => null) : null;
  return opener ? 'popup' : 'navigation';
}

/**
 * Installs the guard on a context before any page exists (the session's onContextCreated hook):
 * routes for every request and WebSocket, an init script for WebRTC/WebTransport, and on Chromium a CDP
 * layer per page that checks every redirect hop, out-of-process iframes and workers.
 */
export async function installDomainGuard(
  context: BrowserContext,
  options: DomainGuardOptions,
): Promise<DomainGuard> {
  const allowlist = compileHostAllowlist(options.allowedHosts);
  const all: BlockedRequest[] = [];
  let pending: BlockedRequest[] = [];
  let disposed = false;

  const record = (url: string, kind: BlockedKind, reason: string, blocked = true): void =>
    add({ url: trimUrlForReport(url), host: hostOf(url), kind, reason, blocked, at: new Date() });
  const add = (entry: BlockedRequest): void => {
    all.push(entry);
    pending.push(entry);
    try {
      options.onBlocked?.(entry);
    } catch {
      // a throwing listener must not break the network
    }
  };
  const unsubscribe = options.proxy?.subscribe(({ host, port, at }) => {
    if (disposed) return;
    const target = `${host}:${port}`;
    add({
      url: target,
      host: target,
      kind: 'connection',
      reason: 'connection refused by the guard proxy',
      blocked: true,
      at,
    });
  });
  const recordCdp = (report: CdpReport): void =>
    record(report.url, KIND_BY_TYPE[report.kind] ?? 'other', report.reason, report.blocked);

  // Chromium: one CDP session per page, set up before that page's requests are let through.
  const cdpPages = new Map<Page, Promise<(() => Promise<void>) | undefined>>();
  let cdpAvailable = context.browser()?.browserType().name() === 'chromium';
  const workerScript = workerGuardScript(allowlist.patterns);
  const guardPage = (page: Page): Promise<(() => Promise<void>) | undefined> => {
    let ready = cdpPages.get(page);
    if (!ready) {
      ready = cdpAvailable
        ? guardPageOverCdp(context, page, { allowlist, report: recordCdp, workerScript }).catch(
            () => {
              // e.g. a remote browser that refuses CDP sessions: routes still guard first hops.
              cdpAvailable = false;
              return undefined;
            },
          )
        : Promise.resolve(undefined);
      cdpPages.set(page, ready);
      page.once('close', () => cdpPages.delete(page));
    }
    return ready;
  };
  const onPage = (page: Page): void => void guardPage(page);
  context.on('page', onPage);
  await Promise.all(context.pages().map(guardPage));

  const routeHandler = async (route: Route): Promise<void> => {
    if (disposed) return route.fallback().catch(() => undefined);
    const request = route.request();
    const url = request.url();
    if (/^(https?|wss?):/i.test(url) && !allowlist.allowsUrl(url)) {
      const redirected = request.redirectedFrom() !== null;
      record(
        url,
        await kindOfRequest(request),
        redirected ? 'redirected to a host that is not allowed' : 'host not allowed',
      );
      return route.abort('blockedbyclient').catch(() => undefined);
    }
    // A popup's first navigation must not start before its CDP layer can see the redirects.
    const page = pageOf(request);
    if (page && request.isNavigationRequest() && request.frame() === page.mainFrame())
      navigatedPages.add(page);
    if (page) await guardPage(page);
    return route.fallback().catch(() => undefined);
  };
  const everyUrl = (): boolean => true;
  await context.route(everyUrl, routeHandler);

  await context.routeWebSocket(
    (url) => !allowlist.allowsUrl(url),
    (ws: WebSocketRoute) => {
      if (disposed) {
        ws.connectToServer();
        return;
      }
      record(ws.url(), 'websocket', 'host not allowed');
      const close = (): Promise<void> =>
        ws
          .close({ code: 1008, reason: 'blocked by the Retrace domain guard' })
          .catch(() => undefined);
      // Under load Playwright's page-side WebSocket mock can miss a close sent this early: send it again.
      setTimeout(() => void close(), 200);
      return close();
    },
  );

  const binding = await context.exposeBinding(GUARD_REPORT_BINDING, (_source, payload: unknown) => {
    if (disposed || typeof payload !== 'string') return;
    try {
      const { kind, url } = JSON.parse(payload) as { kind?: string; url?: string };
      const blockedKind = KIND_BY_TYPE[String(kind)] ?? 'other';
      record(String(url ?? ''), blockedKind, IN_PAGE_REASONS[blockedKind] ?? 'host not allowed');
    } catch {
      // ignore malformed reports
    }
  });
  const initScript = await context.addInitScript({
    content: pageGuardScript(allowlist.patterns, options.allowWebRtc ?? false),
  });

  return {
    allowlist,
    get checksRedirects() {
      return cdpAvailable;
    },
    drainBlocked() {
      const out = pending;
      pending = [];
      return out;
    },
    allBlocked: () => all,
    async dispose() {
      if (disposed) return;
      disposed = true;
      unsubscribe?.();
      context.off('page', onPage);
      await context.unroute(everyUrl, routeHandler).catch(() => undefined);
      await Promise.all([
        binding.dispose().catch(() => undefined),
        initScript.dispose().catch(() => undefined),
        ...[...cdpPages.values()].map(async (ready) => (await ready)?.()),
      ]);
      cdpPages.clear();
    },
  };
}
