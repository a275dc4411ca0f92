// Entry point of the dashboard: data cache, sign-in, routes.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiProblemError } from './api/api-problem.ts';
import { createAppRouter } from './app/app-router.tsx';
import { AuthProvider } from './auth/auth-provider.tsx';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/pages.css';

const MAX_RETRIES = 2;

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx answer will not change by asking again; network trouble and 5xx might.
      retry: (failures, error) =>
        failures < MAX_RETRIES &&
        !(error instanceof ApiProblemError && error.status >= 400 && error.status < 500),
    },
  },
});

const router = createAppRouter();
const root = document.getElementById('root');
if (!root) throw new Error('the page has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </QueryClientProvider>
  </StrictMode>,
);
