// Pages behind sign-in: wait for the sign-in settings, send signed-out visitors to the sign-in page and back.
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { paths } from '../app/paths.ts';
import { ErrorState, Loading } from '../ui/page-state.tsx';
import { useAuth } from './auth-provider.tsx';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { phase, method, settingsError, retrySettings } = useAuth();
  const location = useLocation();
  if (phase === 'loading') return <Loading label="Starting…" />;
  if (phase === 'failed') {
    return (
      <main className="centered-page">
        <ErrorState
          title="The Retrace server could not be reached"
          error={settingsError}
          onRetry={retrySettings}
        />
      </main>
    );
  }
  if (method === null) {
    return <Navigate to={paths.signIn(location.pathname + location.search)} replace />;
  }
  return <>{children}</>;
}
