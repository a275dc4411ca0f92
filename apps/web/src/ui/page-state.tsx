// Loading, error and empty states every page shows the same way (with a retry where it makes sense).
import type { ReactNode } from 'react';
import { ApiProblemError, describeError } from '../api/api-problem.ts';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function ErrorState({
  error,
  title = 'This could not be loaded',
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  const requestId = error instanceof ApiProblemError ? error.requestId : undefined;
  const notFound = error instanceof ApiProblemError && error.status === 404;
  return (
    <div className="state state-error" role="alert">
      <strong>{notFound ? 'Not found' : title}</strong>
      <p>{notFound ? 'It does not exist, or you cannot see it.' : describeError(error)}</p>
      {requestId && (
        <p className="muted small">
          Request id <code>{requestId}</code>
        </p>
      )}
      {onRetry && !notFound && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Shows the loading or error state of a query, or its data. */
export function QueryView<T>({
  query,
  loadingLabel,
  errorTitle,
  children,
}: {
  query: QueryLike<T>;
  loadingLabel?: string;
  errorTitle?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading {...(loadingLabel ? { label: loadingLabel } : {})} />;
  if (query.error || query.data === undefined) {
    return (
      <ErrorState
        error={query.error}
        {...(errorTitle ? { title: errorTitle } : {})}
        onRetry={() => void query.refetch()}
      />
    );
  }
  return <>{children(query.data)}</>;
}

/** An inline message under a form or a button that failed. */
export function InlineError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="inline-error" role="alert">
      {describeError(error)}
    </p>
  );
}
