// Who is signed in and how (local API key or Supabase), the API client that carries the token, sign-in and out.
import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { type ApiClient, createApiClient, unwrap } from '../api/api-client.ts';
import { ApiProblemError } from '../api/api-problem.ts';
import type { AuthSettings } from '../api/api-types.ts';
import { loadSupabaseAuth, type SupabaseAuth } from './supabase-auth.ts';

const API_KEY_STORAGE = 'retrace.apiKey';

export type SignInMethod = 'api_key' | 'supabase';

export interface AuthContextValue {
  api: ApiClient;
  /** Loading the server's sign-in settings (and a Supabase session) at start. */
  phase: 'loading' | 'ready' | 'failed';
  settings: AuthSettings | null;
  settingsError: unknown;
  retrySettings(): void;
  method: SignInMethod | null;
  getToken(): Promise<string | null>;
  signInWithApiKey(key: string): Promise<void>;
  signInWithPassword(email: string, password: string): Promise<void>;
  sendMagicLink(email: string, redirectTo: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

function readStoredKey(): string | null {
  try {
    return window.localStorage.getItem(API_KEY_STORAGE);
  } catch {
    return null;
  }
}

function storeKey(key: string | null): void {
  try {
    if (key === null) window.localStorage.removeItem(API_KEY_STORAGE);
    else window.localStorage.setItem(API_KEY_STORAGE, key);
  } catch {
    // Storage refused (private mode): the key lives for this page only.
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const apiKey = useRef<string | null>(readStoredKey());
  const supabase = useRef<SupabaseAuth | null>(null);
  const [method, setMethod] = useState<SignInMethod | null>(apiKey.current ? 'api_key' : null);
  const [phase, setPhase] = useState<AuthContextValue['phase']>('loading');
  const [settings, setSettings] = useState<AuthSettings | null>(null);
  const [settingsError, setSettingsError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  const getToken = useCallback(async () => {
    if (apiKey.current) return apiKey.current;
    return supabase.current ? supabase.current.accessToken() : null;
  }, []);

  const endSession = useCallback(() => {
    apiKey.current = null;
    storeKey(null);
    setMethod(null);
    queryClient.clear();
  }, [queryClient]);

  const api = useMemo(
    () =>
      createApiClient({
        baseUrl: window.location.origin,
        getToken,
        onUnauthenticated: (refused) => {
          // Only the session that sent the refused token ends (not one started since).
          if (apiKey.current !== null && refused !== apiKey.current) return;
          endSession();
          void supabase.current?.signOut();
        },
      }),
    [getToken, endSession],
  );

  useEffect(() => {
    let cancelled = false;
    let unsubscribe: (() => void) | undefined;
    setPhase('loading');
    void (async () => {
      try {
        const loaded = await unwrap(api.GET('/api/auth/settings'));
        const projectUrl = loaded.supabase?.projectUrl;
        const anonKey = loaded.supabase?.anonKey;
        if (projectUrl && anonKey && !supabase.current) {
          const auth = await loadSupabaseAuth({ projectUrl, anonKey });
          supabase.current = auth;
          unsubscribe = auth.onChange((signedIn) => {
            if (apiKey.current) return;
            setMethod(signedIn ? 'supabase' : null);
          });
          if (!apiKey.current && (await auth.accessToken())) setMethod('supabase');
        }
        if (cancelled) return;
        setSettings(loaded);
        setSettingsError(null);
        setPhase('ready');
      } catch (error) {
        if (cancelled) return;
        setSettingsError(error);
        setPhase('failed');
      }
    })();
    return () => {
      cancelled = true;
      unsubscribe?.();
    };
  }, [api, attempt]);

  const value = useMemo<AuthContextValue>(
    () => ({
      api,
      phase,
      settings,
      settingsError,
      retrySettings: () => setAttempt((n) => n + 1),
      method,
      getToken,
      async signInWithApiKey(key) {
        const token = key.trim();
        // Checked before it is kept: a wrong key is refused here, with the server's reason.
        const response = await fetch('/api/me', { headers: { Authorization: `Bearer ${token}` } });
        if (!response.ok) {
          const body: unknown = await response.json().catch(() => null);
          const detail =
            typeof (body as { detail?: unknown } | null)?.detail === 'string'
              ? (body as { detail: string }).detail
              : `the server answered ${response.status}`;
          throw new ApiProblemError({
            status: response.status,
            code: (body as { code?: string } | null)?.code ?? 'UNEXPECTED_RESPONSE',
            detail,
          });
        }
        queryClient.clear();
        apiKey.current = token;
        storeKey(token);
        setMethod('api_key');
      },
      async signInWithPassword(email, password) {
        if (!supabase.current) throw new Error('Supabase sign-in is not configured on this server');
        await supabase.current.signInWithPassword(email, password);
        queryClient.clear();
        setMethod('supabase');
      },
      async sendMagicLink(email, redirectTo) {
        if (!supabase.current) throw new Error('Supabase sign-in is not configured on this server');
        await supabase.current.sendMagicLink(email, redirectTo);
      },
      async signOut() {
        const wasSupabase = !apiKey.current && supabase.current !== null;
        endSession();
        if (wasSupabase) await supabase.current?.signOut();
      },
    }),
    [api, phase, settings, settingsError, method, getToken, queryClient, endSession],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

export function useApi(): ApiClient {
  return useAuth().api;
}
