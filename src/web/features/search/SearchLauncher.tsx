// The header's search button and the Ctrl/Cmd-K shortcut that open the global search.
import { Button, Kbd, ActionIcon } from '@mantine/core';
import { useDisclosure, useHotkeys, useOs } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { GlobalSearch } from './GlobalSearch.tsx';

export function SearchLauncher() {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const os = useOs();
  // Also from inside a form field: the shortcut is the way to search from anywhere.
  useHotkeys([['mod+K', () => open()]], []);
  return (
    <>
      <Button
        variant="default"
        size="xs"
        onClick={open}
        visibleFrom="sm"
        rightSection={<Kbd size="xs">{t(os === 'macos' ? 'search.shortcutMac' : 'search.shortcut')}</Kbd>}
        data-testid="search-open"
      >
        {t('search.open')}
      </Button>
      <ActionIcon variant="default" onClick={open} hiddenFrom="sm" aria-label={t('search.open')} size="lg">
        <span aria-hidden>⌕</span>
      </ActionIcon>
      <GlobalSearch opened={opened} onClose={close} />
    </>
  );
}
