// A time shown relative to now ("5 minutes ago"), with the absolute time as tooltip; refreshed every 30 s.
import { useSyncExternalStore } from 'react';
import { formatAbsoluteTime, formatRelativeTime } from '../lib/format.ts';

const TICK_MS = 30_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    for (const notify of listeners) notify();
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

export function RelativeTime({ iso }: { iso: string | null | undefined }) {
  const current = useNow();
  if (!iso) return <span className="muted">—</span>;
  const absolute = formatAbsoluteTime(iso);
  return (
    <time dateTime={iso} title={absolute}>
      {formatRelativeTime(iso, new Date(Math.max(current, Date.now())))}
    </time>
  );
}
