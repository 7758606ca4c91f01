// Who is signed in: GET /auth/me through TanStack Query, sign-in and sign-out, and the
// CSRF token that comes with the session.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ComponentType,
  type ReactNode,
} from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { User } from '../../contract/users.ts';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from './api.ts';

export interface Workspace {
  id: string;
  name: string;
  defaultCountry: string;
  defaultCurrency: string;
}

export interface Me {
  user: User;
  workspace: Workspace;
  csrfToken: string | null;
  /** The workspace asks for two-factor sign-in and the user has none: the app shows its setup first. */
  twoFactorSetupRequired: boolean;
  /** What the role allows, per resource of the server's role table (GET /auth/me). */
  may: Record<string, string[]>;
}

/** What the password step answers for a user with two-factor sign-in. */
interface SecondFactorNeeded {
  secondFactorRequired: true;
  expiresAt: string;
}

interface AuthValue {
  me: Me | null;
  loading: boolean;
  error: unknown;
  /** True after the user signed out on purpose (not when the session ran out). */
  signedOut: boolean;
  /** The password step: signed in, or 'second-factor' when a code must follow (`completeSignIn`). */
  signIn(email: string, password: string): Promise<Me | 'second-factor'>;
  /** The second step: a code of the authenticator app or a recovery code. */
  completeSignIn(code: string): Promise<Me>;
  /** Asks the server again who is signed in (after setting up two-factor sign-in). */
  reload(): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);
const meKey = ['auth', 'me'] as const;

/**
 * The session behind the cookie. A sign-in while this is on its way cancels it (signal): its
 * answer, asked without the new cookie, must neither undo the sign-in nor drop its CSRF token.
 */
async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    const me = await api<Me>('/auth/me', { signal });
    if (!signal?.aborted) setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      if (!signal?.aborted) setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: Infinity,
    retry: false,
  });
  const [signedOut, setSignedOut] = useState(false);

  const forget = useCallback(() => {
    setCsrfToken(null);
    // Everything cached belongs to the old session.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    queryClient.setQueryData(meKey, null);
  }, [queryClient]);

  useEffect(() => {
    setUnauthorizedHandler(forget);
    return () => setUnauthorizedHandler(null);
  }, [forget]);

  const signedIn = useCallback(
    async (me: Me) => {
      // The sign-in form is usable before the first /auth/me has answered (SignInPage).
      await queryClient.cancelQueries({ queryKey: meKey });
      setCsrfToken(me.csrfToken);
      setSignedOut(false);
      queryClient.setQueryData(meKey, me);
      return me;
    },
    [queryClient],
  );

  const signIn = useCallback(
    async (email: string, password: string) => {
      const answer = await api<Me | SecondFactorNeeded>('/auth/login', { method: 'POST', body: { email, password } });
      if ('secondFactorRequired' in answer) return 'second-factor' as const;
      return signedIn(answer);
    },
    [signedIn],
  );

  const completeSignIn = useCallback(
    async (code: string) => signedIn(await api<Me>('/auth/login/second-factor', { method: 'POST', body: { code } })),
    [signedIn],
  );

  const reload = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: meKey });
  }, [queryClient]);

  const signOut = useCallback(async () => {
    try {
      await api('/auth/logout', { method: 'POST' });
    } finally {
      setSignedOut(true);
      forget();
    }
  }, [forget]);

  const value = useMemo<AuthValue>(
    () => ({
      me: query.data ?? null,
      loading: query.isPending,
      error: query.error,
      signedOut,
      signIn,
      completeSignIn,
      reload,
      signOut,
    }),
    [query.data, query.isPending, query.error, signedOut, signIn, completeSignIn, reload, signOut],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/**
 * Whether the signed-in user's role allows an action on a resource of the server's role
 * table (platform/policy.ts): what it does not allow would be refused, so the app leaves the
 * panel, button or request out (a partner's customer page has no quotes, emails or consents).
 */
export function useCan(): (action: string, resource: string) => boolean {
  const { me } = useAuth();
  return useCallback((action, resource) => me?.may[resource]?.includes(action) ?? false, [me]);
}

/**
 * A component shown only to users whose role allows `action` on `resource` (nothing for the
 * others). Call it as `/* @__PURE__ *\/ onlyIf(…)`: a top-level call the bundler cannot prove
 * free of side effects would otherwise pull the component, and all it imports, into the
 * start chunk of every feature index that re-exports it.
 */
export function onlyIf<P extends object>(
  action: string,
  resource: string,
  Component: ComponentType<P>,
): ComponentType<P> {
  function Allowed(props: P) {
    const can = useCan();
    return can(action, resource) ? <Component {...props} /> : null;
  }
  Allowed.displayName = `OnlyIf(${action} ${resource})`;
  return Allowed;
}
