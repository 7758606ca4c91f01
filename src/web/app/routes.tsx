// Routing: the sign-in page outside, everything else inside the shell behind sign-in.
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { LoadingState, ErrorState } from '../ui/states.tsx';
import { useAuth } from './auth.tsx';
import { areas, startPath } from './areas.tsx';
import { accountPages } from '../features/account/index.ts';

const SignInPage = lazy(() => import('../features/auth/SignInPage.tsx'));
const ForgotPasswordPage = lazy(() => import('../features/auth/ForgotPasswordPage.tsx'));
const ResetPasswordPage = lazy(() => import('../features/auth/ResetPasswordPage.tsx'));
const Shell = lazy(() => import('./Shell.tsx'));
const NotFoundPage = lazy(() => import('../ui/NotFoundPage.tsx'));
const TwoFactorRequiredPage = lazy(accountPages.twoFactorRequired);

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<LoadingState />}>{children}</Suspense>;
}

/** Sends a visitor who is not signed in to the sign-in page, remembering where they wanted to go. */
function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading, error, signedOut } = useAuth();
  const location = useLocation();
  if (loading) return <LoadingState fullPage />;
  if (error) return <ErrorState error={error} onRetry={() => window.location.reload()} />;
  if (!me) {
    const next = `${location.pathname}${location.search}`;
    return (
      <Navigate to={next === '/' || signedOut ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />
    );
  }
  // The workspace requires two-factor sign-in and this user has none: its setup comes first.
  if (me.twoFactorSetupRequired)
    return (
      <Suspense fallback={<LoadingState fullPage />}>
        <TwoFactorRequiredPage />
      </Suspense>
    );
  return <Suspense fallback={<LoadingState fullPage />}>{children}</Suspense>;
}

export const router = createBrowserRouter([
  {
    path: '/sign-in',
    element: (
      <Suspense fallback={<LoadingState fullPage />}>
        <SignInPage />
      </Suspense>
    ),
  },
  // Open to anyone, signed in or not: a reset link is the proof.
  {
    path: '/forgot-password',
    element: (
      <Suspense fallback={<LoadingState fullPage />}>
        <ForgotPasswordPage />
      </Suspense>
    ),
  },
  {
    path: '/reset-password',
    element: (
      <Suspense fallback={<LoadingState fullPage />}>
        <ResetPasswordPage />
      </Suspense>
    ),
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <Shell />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to={startPath} replace /> },
      ...areas.map((area) => ({
        path: area.path,
        children: [
          {
            index: true,
            element: (
              <Page>
                <area.page />
              </Page>
            ),
          },
          ...(area.children ?? []),
        ],
      })),
      {
        path: '*',
        element: (
          <Page>
            <NotFoundPage />
          </Page>
        ),
      },
    ],
  },
]);
