// Recovery codes, shown once right after they were made: to copy, to download as a text file,
// and an explicit "saved" before they disappear.
import { Alert, Button, CopyButton, Group, SimpleGrid, Code, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';

export function RecoveryCodesPanel({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const text = codes.join('\n');

  const download = () => {
    const header = t('twoFactor.fileHeader', { email: me?.user.email ?? '' });
    const url = URL.createObjectURL(new Blob([`${header}\n\n${text}\n`], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'farley-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Alert color="green" title={t('twoFactor.codesTitle')} data-testid="recovery-codes">
      <Stack gap="sm">
        <Text size="sm">{t('twoFactor.codesOnce')}</Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" maw={360}>
          {codes.map((code) => (
            <Code key={code} fz="md" data-testid="recovery-code">
              {code}
            </Code>
          ))}
        </SimpleGrid>
        <Group gap="xs">
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Button variant="default" size="xs" onClick={copy}>
                {copied ? t('twoFactor.copied') : t('twoFactor.copy')}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" size="xs" onClick={download} data-testid="download-recovery-codes">
            {t('twoFactor.download')}
          </Button>
          <Button size="xs" onClick={onDone} data-testid="recovery-codes-saved">
            {t('twoFactor.saved')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
