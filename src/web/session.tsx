import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Me } from '../domain/schemas/auth.ts';
import type { Permission } from '../domain/permissions.ts';
import { api, isApiError, onSessionLost, setCsrfToken } from './api.ts';
import { currentPath, navigate } from './router.tsx';

/**
 * Who is signed in, and what happens when that changes. The server is the only judge of a session:
 * the app asks /me on start, and any later 401 (signed out elsewhere, idle or absolute expiry,
 * account disabled) sends the user to sign in and back to where they were afterwards.
 */

export type SessionState = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; me: Me };

/** Why the sign-in page is showing, when it is not the user's own choice. */
export type SignInNotice = 'session-ended' | 'signed-out';

interface SessionValue {
  state: SessionState;
  notice: SignInNotice | null;
  /** Call with the sign-in answer. */
  signedIn: (me: Me) => void;
  signOut: () => Promise<void>;
  clearNotice: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

// Remembers, for this tab only, that someone was signed in, so that a reload after the session
// ended can still say so (rather than a bare sign-in page). Holds no personal data.
const HAD_SESSION = 'linkwork.hadSession';

function rememberSession(on: boolean): void {
  try {
    if (on) window.sessionStorage.setItem(HAD_SESSION, '1');
    else window.sessionStorage.removeItem(HAD_SESSION);
  } catch {
    // Storage can be unavailable (privacy settings); the notice is a nicety.
  }
}

function hadSession(): boolean {
  try {
    return window.sessionStorage.getItem(HAD_SESSION) === '1';
  } catch {
    return false;
  }
}

/** The sign-in address that returns to `path` afterwards. */
export function signInPath(path: string): string {
  return path === '/' || path.startsWith('/sign-in') ? '/sign-in' : `/sign-in?next=${encodeURIComponent(path)}`;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [notice, setNotice] = useState<SignInNotice | null>(null);
  // Whatever was read belongs to whoever read it: forget it whenever who is signed in changes.
  const queryClient = useQueryClient();

  const ended = useCallback(() => {
    queryClient.clear();
    setCsrfToken(null);
    rememberSession(false);
    setState({ status: 'signed-out' });
    setNotice('session-ended');
    navigate(signInPath(currentPath()), { replace: true });
  }, [queryClient]);

  useEffect(() => {
    onSessionLost(ended);
    const controller = new AbortController();
    api
      .me({ sessionOptional: true, signal: controller.signal })
      .then((me) => {
        setCsrfToken(me.csrfToken);
        rememberSession(true);
        setState({ status: 'signed-in', me });
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiError(err) && err.isUnauthenticated) {
          if (err.code === 'session_expired' || hadSession()) setNotice('session-ended');
          rememberSession(false);
        }
        setState({ status: 'signed-out' });
      });
    return () => {
      controller.abort();
      onSessionLost(null);
    };
  }, [ended]);

  const value = useMemo<SessionValue>(
    () => ({
      state,
      notice,
      signedIn(me) {
        queryClient.clear();
        setCsrfToken(me.csrfToken);
        rememberSession(true);
        setNotice(null);
        setState({ status: 'signed-in', me });
      },
      async signOut() {
        try {
          await api.signOut();
        } catch {
          // Already signed out on the server (or unreachable): the browser forgets either way.
        }
        queryClient.clear();
        setCsrfToken(null);
        rememberSession(false);
        setState({ status: 'signed-out' });
        setNotice('signed-out');
        navigate('/sign-in', { replace: true });
      },
      clearNotice() {
        setNotice(null);
      },
    }),
    [state, notice, queryClient],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user (for pages that only render when someone is signed in). */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe without a signed-in user');
  return state.me;
}

/** May the signed-in user do this? (The server checks again; this only decides what to show.) */
export function useCan(): (permission: Permission) => boolean {
  const me = useMe();
  return useCallback((permission: Permission) => me.permissions.includes(permission), [me]);
}
