// The body of one message: its HTML in the sandboxed frame (inline images handed in as data:
// URLs, remote ones blocked until the user asks for them), or its text where it has no HTML.
import { Alert, Button, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { EmailDetail } from './emailsApi.ts';
import { inlineImage } from './emailsApi.ts';
import { frameHeight, withInlineImages } from './emailFrame.ts';
import { EmailFrame } from './EmailFrame.tsx';

/** Inline images larger than this stay out (a data: URL of it would weigh on the page). */
const maxInlineBytes = 5 * 1024 * 1024;

function useInlineImages(email: EmailDetail) {
  const inline = email.html ? email.attachments.filter((a) => a.inline && a.size <= maxInlineBytes) : [];
  return useQuery({
    queryKey: ['emails', 'inline', email.id],
    queryFn: async ({ signal }) =>
      new Map(await Promise.all(inline.map(async (a) => [a.id, await inlineImage(email.id, a.id, signal)] as const))),
    enabled: inline.length > 0,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

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
  const images = useInlineImages(email);
  if (!email.html) {
    return (
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="email-text">
        {email.text}
      </Text>
    );
  }
  const html = withInlineImages(email.html, images.data ?? new Map());
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
      <EmailFrame html={html} remoteImages={imagesShown} height={frameHeight(email.text)} />
    </>
  );
}
