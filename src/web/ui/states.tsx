// Loading, empty and error states: every screen shows the same three, in the same words.
import type { ReactNode } from 'react';
import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useInRouterContext, useLocation } from 'react-router';
import { problemText, retryHelps, survivorPath, waysForward } from './problems.ts';

export function LoadingState({ fullPage = false }: { fullPage?: boolean }) {
  const { t } = useTranslation();
  return (
    <Center mih={fullPage ? '100vh' : 160} role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="md" />
        <Text size="sm" c="dimmed">
          {t('state.loading')}
        </Text>
      </Stack>
    </Center>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <Center mih={160}>
      <Text c="dimmed" data-testid="empty-state">
        {children}
      </Text>
    </Center>
  );
}

/** The message a user should read for an error: its problem code translated, or a generic one. */
export function useErrorMessage() {
  const { t } = useTranslation();
  return (error: unknown): string => problemText(error, t);
}

/** The links out of a failed page (to its list, to the trash), from the router's location. */
function WaysForward({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  // A contact or company merged into another: its old links lead on to the one that holds it now.
  const survivor = survivorPath(error, pathname);
  if (survivor) return <Navigate to={survivor} replace />;
  return waysForward(error, pathname).map((way, index) => (
    <Button
      key={way.to}
      component={Link}
      to={way.to}
      size="xs"
      variant={index === 0 ? 'filled' : 'light'}
      color="red"
      data-testid="way-forward"
    >
      {t(way.label)}
    </Button>
  ));
}

/**
 * A failed view: what went wrong in the user's words and what can help. "Try again" only
 * where a second try can succeed (network, server busy); a record that is gone, broken or
 * trashed offers its list or the trash instead.
 */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const inRouter = useInRouterContext();
  return (
    <Alert color="red" title={t('state.errorTitle')} role="alert" my="md" data-testid="error-state">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{message(error)}</Text>
        <Group gap="xs">
          {inRouter && <WaysForward error={error} />}
          {onRetry && retryHelps(error) && (
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              {t('state.retry')}
            </Button>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
