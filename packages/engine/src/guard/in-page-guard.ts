// Guards that must live inside the page or worker: WebRTC, WebTransport and WebSockets opened by workers.
import type { HostPattern } from './host-patterns.ts';

/** The binding pages and workers call to report what they refused (payload: JSON { kind, url }). */
export const GUARD_REPORT_BINDING = '__retraceGuardReport';

/** JS source of `allowed(url)` over the patterns, same rules as compileHostAllowlist. */
function matcherSource(patterns: readonly HostPattern[]): string {
  const list = JSON.stringify(
    patterns.map(({ host, wildcard, port }) => ({ host, wildcard, port })),
  );
  return `const PATTERNS = ${list};
  const DEFAULT_PORTS = { 'http:': 80, 'ws:': 80, 'https:': 443, 'wss:': 443 };
  const allowed = (raw) => {
    let u;
    try { u = new URL(String(raw), self.location.href); } catch { return false; }
    if (!(u.protocol in DEFAULT_PORTS)) return false;
    let host = u.hostname.toLowerCase();
    while (host.endsWith('.')) host = host.slice(0, -1);
    const port = u.port ? Number(u.port) : DEFAULT_PORTS[u.protocol];
    const ip = /^\\d{1,3}(\\.\\d{1,3}){3}$/.test(host) || host.startsWith('[');
    return PATTERNS.some((p) => (p.port === undefined || p.port === null || p.port === port) &&
      (p.wildcard ? !ip && host.endsWith('.' + p.host) : host === p.host));
  };
  const report = (kind, url) => {
    try { self.${GUARD_REPORT_BINDING}(JSON.stringify({ kind, url: String(url) })); } catch {}
  };`;
}

/** Replaces a global constructor by a guarded one that also answers `prototype.constructor`. */
const WRAP_SOURCE = `const wrap = (name, check) => {
    const original = self[name];
    if (typeof original !== 'function') return;
    const guarded = new Proxy(original, {
      construct(target, args, newTarget) {
        check(args);
        return Reflect.construct(target, args, newTarget === guarded ? target : newTarget);
      },
    });
    try { Object.defineProperty(original.prototype, 'constructor', { value: guarded, configurable: false, writable: false }); } catch {}
    try { Object.defineProperty(self, name, { value: guarded, configurable: false, writable: false }); } catch {}
  };
  const refuse = (what) => { throw new DOMException(what + ' blocked by the Retrace domain guard', 'SecurityError'); };`;

/**
 * Init script for every page and frame: WebRTC is refused (its STUN/TURN traffic is not HTTP, so no
 * route sees it), WebTransport only reaches allowed hosts, shared workers are refused (they run outside
 * the page's targets, where neither routes nor the CDP layer see their requests).
 */
export function pageGuardScript(patterns: readonly HostPattern[], allowWebRtc: boolean): string {
  return `(() => {
  ${matcherSource(patterns)}
  ${WRAP_SOURCE}
  if (!${String(allowWebRtc)}) {
    for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection']) {
      wrap(name, (args) => {
        const servers = (args[0] && args[0].iceServers) || [];
        const first = servers.flatMap((s) => [].concat(s.urls || s.url || []))[0] || '';
        report('webrtc', first);
        refuse('WebRTC');
      });
    }
  }
  wrap('WebTransport', (args) => { if (!allowed(args[0])) { report('webtransport', args[0]); refuse('WebTransport'); } });
  wrap('SharedWorker', (args) => { report('sharedworker', new URL(String(args[0]), location.href).href); refuse('SharedWorker'); });
})();`;
}

/**
 * Evaluated in each dedicated worker as soon as the guard attaches to it: Playwright's WebSocket routing
 * covers pages only. A worker that opens a socket in its first instants may still beat it (see README).
 */
export function workerGuardScript(patterns: readonly HostPattern[]): string {
  return `(() => {
  ${matcherSource(patterns)}
  ${WRAP_SOURCE}
  wrap('WebSocket', (args) => { if (!allowed(args[0])) { report('websocket', args[0]); refuse('WebSocket'); } });
  wrap('WebTransport', (args) => { if (!allowed(args[0])) { report('webtransport', args[0]); refuse('WebTransport'); } });
  wrap('EventSource', (args) => { if (!allowed(args[0])) { report('eventsource', args[0]); refuse('EventSource'); } });
})();`;
}
