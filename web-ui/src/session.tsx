// The signed-in session: the API token lives in memory and in sessionStorage (this tab only; gone
// when it closes), never in a URL, a log or localStorage. A 401 anywhere ends the session.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { Api, ApiError } from './api/client';
import type { Caller, DirectorStatusReport, Role } from './api/types';
import { EventStream } from './live/stream';
import { LiveStore } from './live/store';

const KEY = 'fulcrum.token';
/** Why the session ended, kept for this tab so that a reload still says it. */
const ENDED = 'fulcrum.signedOut';

export interface Session {
  api: Api;
  caller: Caller;
  live: LiveStore;
  canWrite: boolean;
  isAdmin: boolean;
  signOut: (message?: string) => void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('no session');
  return s;
}

/** Re-renders on every live change; returns the store. */
export function useLive(): LiveStore {
  const { live } = useSession();
  useSyncExternalStore(live.subscribe, live.getVersion);
  return live;
}

export const canWrite = (r: Role): boolean => r === 'operator' || r === 'admin';

export async function signIn(token: string): Promise<Caller> {
  const api = new Api(token, () => undefined);
  const { body } = await api.get<Caller>('/api/v1/whoami');
  return body;
}

export function SessionProvider({ children, signInPage }: { children: ReactNode; signInPage: (p: { onSignedIn: (token: string, c: Caller) => void; message?: string }) => ReactNode }) {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(KEY));
  const [caller, setCaller] = useState<Caller | null>(null);
  const [message, setMessage] = useState<string | undefined>(() => sessionStorage.getItem(ENDED) ?? undefined);

  const signOut = useCallback((m?: string) => {
    sessionStorage.removeItem(KEY);
    if (m) sessionStorage.setItem(ENDED, m);
    else sessionStorage.removeItem(ENDED);
    setToken(null);
    setCaller(null);
    setMessage(m);
  }, []);

  // a token kept from before a reload: ask again who it is
  useEffect(() => {
    if (!token || caller) return;
    signIn(token)
      .then(setCaller)
      .catch((e: unknown) =>
        signOut(e instanceof ApiError && e.status === 401 ? 'Your token is no longer valid (revoked?). Sign in again.' : 'The control plane did not answer. Sign in again.'),
      );
  }, [token, caller, signOut]);

  const session = useMemo<Session | null>(() => {
    if (!token || !caller) return null;
    const api = new Api(token, () => signOut('Your token is no longer valid (it was revoked or is wrong). Sign in again.'));
    return { api, caller, live: new LiveStore(), canWrite: canWrite(caller.role), isAdmin: caller.role === 'admin', signOut };
  }, [token, caller, signOut]);

  // the live stream and the agents' last reports, for as long as the session lasts
  useEffect(() => {
    if (!session || !token) return;
    const { api, live } = session;
    const seed = async () => {
      try {
        const directors = await api.all<{ name: string }>('/api/v1/directors');
        await Promise.all(
          directors.map(async (d) => {
            const { body } = await api.get<DirectorStatusReport>(`/api/v1/directors/${encodeURIComponent(d.name)}/status`);
            live.seed(d.name, body.report);
          }),
        );
      } catch {
        // shown by the pages that need it
      }
    };
    void seed();
    const stream = new EventStream({
      token,
      onEvent: (e) => {
        live.apply(e);
        if (e.type === 'resync') void seed();
      },
      onState: (s) => live.setStream(s),
      onUnauthorized: () => signOut('Your token is no longer valid (it was revoked or is wrong). Sign in again.'),
    });
    void stream.start();
    return () => stream.stop();
  }, [session, token, signOut]);

  if (!session) {
    if (token && !caller) return <div className="loading">Signing in…</div>;
    return (
      <>
        {signInPage({
          message,
          onSignedIn: (t, c) => {
            sessionStorage.setItem(KEY, t);
            sessionStorage.removeItem(ENDED);
            setMessage(undefined);
            setCaller(c);
            setToken(t);
          },
        })}
      </>
    );
  }
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
