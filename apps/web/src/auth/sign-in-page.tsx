// Sign-in: with the local API key (local mode, or any API key), or with Supabase (password or magic link).
import { type FormEvent, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../app/use-document-title.ts';
import { describeError } from '../api/api-problem.ts';
import { Field } from '../ui/form-field.tsx';
import { ErrorState, InlineError, Loading } from '../ui/page-state.tsx';
import { useAuth } from './auth-provider.tsx';

/** Only paths of this site: `next` must never send the user to another origin. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

function ApiKeyForm({ primary }: { primary: boolean }) {
  const { signInWithApiKey } = useAuth();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signInWithApiKey(key);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <form
      className="form"
      onSubmit={(event) => void submit(event)}
      aria-label="Sign in with an API key"
    >
      {primary && (
        <p className="muted">
          This server runs in local mode. Sign in with the local admin key that{' '}
          <code>retrace serve</code> printed on first start (also stored in{' '}
          <code>.retrace/local-api-key</code>), or with any API key of your organization.
        </p>
      )}
      <Field label="API key" hint="Starts with rtk_">
        <input
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={key}
          onChange={(event) => setKey(event.target.value)}
          className="mono"
        />
      </Field>
      <InlineError error={error} />
      <button type="submit" className="button button-primary" disabled={busy || key.trim() === ''}>
        {busy ? 'Signing in…' : 'Sign in with key'}
      </button>
    </form>
  );
}

function SupabaseForm({ next }: { next: string }) {
  const { signInWithPassword, sendMagicLink } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [mode, setMode] = useState<'password' | 'link'>('password');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'password') {
        await signInWithPassword(email, password);
      } else {
        const back = `${window.location.origin}/sign-in?next=${encodeURIComponent(next)}`;
        await sendMagicLink(email, back);
        setSent(true);
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={(event) => void submit(event)} aria-label="Sign in with email">
      <div className="segmented" role="group" aria-label="How to sign in">
        <button
          type="button"
          aria-pressed={mode === 'password'}
          onClick={() => setMode('password')}
        >
          Password
        </button>
        <button type="button" aria-pressed={mode === 'link'} onClick={() => setMode('link')}>
          Magic link
        </button>
      </div>
      <Field label="Email">
        <input
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </Field>
      {mode === 'password' && (
        <Field label="Password">
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
      )}
      {error !== null && (
        <p className="inline-error" role="alert">
          {describeError(error)}
        </p>
      )}
      {sent && mode === 'link' && (
        <p className="notice" role="status">
          Check your inbox: we sent a sign-in link to {email}.
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Working…' : mode === 'password' ? 'Sign in' : 'Send me a link'}
      </button>
    </form>
  );
}

export function SignInPage() {
  useDocumentTitle('Sign in');
  const { phase, settings, settingsError, retrySettings, method } = useAuth();
  const [search] = useSearchParams();
  const next = safeNext(search.get('next'));
  const [showKey, setShowKey] = useState(false);

  if (method !== null) return <Navigate to={next} replace />;
  if (phase === 'loading') return <Loading label="Starting…" />;
  if (phase === 'failed' || !settings) {
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
  const supabase = Boolean(settings.supabase?.projectUrl && settings.supabase.anonKey);
  return (
    <main className="sign-in-page">
      <div className="sign-in-card">
        <div className="sign-in-brand">
          <img src="/favicon.svg" alt="" width={32} height={32} />
          <h1>Sign in to Retrace</h1>
        </div>
        {supabase && <SupabaseForm next={next} />}
        {settings.localMode && !supabase && <ApiKeyForm primary />}
        {supabase &&
          (showKey ? (
            <>
              <hr />
              <ApiKeyForm primary={false} />
            </>
          ) : (
            <button type="button" className="link-button" onClick={() => setShowKey(true)}>
              Use an API key instead
            </button>
          ))}
        {!supabase && !settings.localMode && <ApiKeyForm primary={false} />}
      </div>
    </main>
  );
}
