// Work in a form is not lost by accident: leaving it with unsaved changes — a menu link,
// the browser's back button, closing the tab — asks first. Saving and Cancel leave without
// asking (the form marks its changes as dealt with before it navigates).
import { useCallback, useEffect, useRef } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type BlockerFunction, useBlocker } from 'react-router';

/** Asks before an in-app navigation away from the page while `isDirty()`; the browser asks before unload. */
export function LeaveGuard({ isDirty }: { isDirty(): boolean }) {
  const { t } = useTranslation();
  // A change of the query string or hash stays on the form; only leaving its path asks.
  // One blocker function for the form's life: the router re-registers it whenever it changes.
  const dirty = useRef(isDirty);
  dirty.current = isDirty;
  const shouldBlock = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && dirty.current(),
    [],
  );
  const blocker = useBlocker(shouldBlock);

  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!isDirty()) return;
      event.preventDefault();
      // Older browsers ask only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => window.removeEventListener('beforeunload', beforeUnload);
  }, [isDirty]);

  const blocked = blocker.state === 'blocked';
  return (
    <Modal
      opened={blocked}
      onClose={() => blocker.reset?.()}
      title={t('forms.leave.title')}
      centered
      data-testid="leave-dialog"
    >
      <Stack gap="md">
        <Text size="sm">{t('forms.leave.text')}</Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
            {t('forms.leave.stay')}
          </Button>
          <Button color="red" onClick={() => blocker.proceed?.()} data-testid="leave-discard">
            {t('forms.leave.discard')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
