import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../api/client';
import type { Caller } from '../api/types';
import { signIn } from '../session';

export function SignIn({ onSignedIn, message }: { onSignedIn: (token: string, c: Caller) => void; message?: string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>(message);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(token.trim(), await signIn(token.trim()));
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? 'That token is not valid: it is wrong or has been revoked.'
          : err instanceof ApiError
            ? err.message
            : 'The control plane did not answer.',
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <form onSubmit={submit} className="card">
        <h1>
          <span className="logo" aria-hidden="true">▲</span> Fulcrum
        </h1>
        <p className="muted">Sign in with an API token. The token stays in this tab only.</p>
        {error ? (
          <div className="error" role="alert">
            {error}
          </div>
        ) : null}
        <label className="field">
          <span className="label">API token</span>
          <input name="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} autoFocus required />
        </label>
        <button type="submit" className="primary" disabled={busy || !token.trim()}>
          Sign in
        </button>
        <p className="hint">
          The first admin token is in <code>data/admin-token</code> where the control plane runs (and printed once when it starts on a terminal).
        </p>
      </form>
    </main>
  );
}
