// The body of one message: its HTML in the sandboxed frame (inline images come as data: URLs
// from the server, remote ones are blocked until the user asks for them), or its text where it
// has no HTML.
import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EmailDetail } from './emailsApi.ts';
import { frameHeight } from './emailFrame.ts';
import { EmailFrame } from './EmailFrame.tsx';

export function EmailBody({
  email,
  imagesShown,
  onShowImages,
}: {
  email: EmailDetail;
  imagesShown: boolean;
  onShowImages(): void;
}) {
  const { t } = useTranslation();
  if (!email.html) {
    return (
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="email-text">
        {email.text}
      </Text>
    );
  }
  return (
    <>
      {email.remoteImages > 0 && !imagesShown && (
        <Alert color="gray" variant="light" p="xs" data-testid="email-images-blocked">
          <Group justify="space-between" gap="xs">
            <Text size="sm">{t('emails.view.imagesBlocked', { count: email.remoteImages })}</Text>
            <Button size="compact-xs" variant="light" onClick={onShowImages} data-testid="email-show-images">
              {t('emails.view.showImages')}
            </Button>
          </Group>
        </Alert>
      )}
      <EmailFrame html={email.html} remoteImages={imagesShown} height={frameHeight(email.text)} />
    </>
  );
}
