// Supabase sign-in (email + password, magic link), loaded only when the server says Supabase is configured.
import type { SupabaseClient } from '@supabase/supabase-js';

export interface SupabaseSettings {
  projectUrl: string;
  anonKey: string;
}

export interface SupabaseAuth {
  /** The current access token (refreshed by supabase-js before it expires), or null. */
  accessToken(): Promise<string | null>;
  email(): Promise<string | null>;
  signInWithPassword(email: string, password: string): Promise<void>;
  /** Sends a sign-in link that comes back to `redirectTo`. */
  sendMagicLink(email: string, redirectTo: string): Promise<void>;
  signOut(): Promise<void>;
  /** Calls back whenever the user signs in or out (also in another tab). */
  onChange(listener: (signedIn: boolean) => void): () => void;
}

export class SupabaseSignInError extends Error {
  override readonly name = 'SupabaseSignInError';
}

export async function loadSupabaseAuth(settings: SupabaseSettings): Promise<SupabaseAuth> {
  // Loaded on demand: local-mode deployments never download the Supabase client.
  const { createClient } = await import('@supabase/supabase-js');
  const client: SupabaseClient = createClient(settings.projectUrl, settings.anonKey, {
    auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: true },
  });
  return {
    async accessToken() {
      const { data } = await client.auth.getSession();
      return data.session?.access_token ?? null;
    },
    async email() {
      const { data } = await client.auth.getSession();
      return data.session?.user.email ?? null;
    },
    async signInWithPassword(email, password) {
      const { error } = await client.auth.signInWithPassword({ email, password });
      if (error) throw new SupabaseSignInError(error.message, { cause: error });
    },
    async sendMagicLink(email, redirectTo) {
      const { error } = await client.auth.signInWithOtp({
        email,
        options: { emailRedirectTo: redirectTo },
      });
      if (error) throw new SupabaseSignInError(error.message, { cause: error });
    },
    async signOut() {
      await client.auth.signOut({ scope: 'local' });
    },
    onChange(listener) {
      const { data } = client.auth.onAuthStateChange((event, session) => {
        if (event === 'SIGNED_IN' || event === 'SIGNED_OUT' || event === 'INITIAL_SESSION') {
          listener(session !== null);
        }
      });
      return () => data.subscription.unsubscribe();
    },
  };
}
