// One message read in full: header, body (remote images on request), attachments and the
// actions (reply, reply to all, private). A reply opens the compose dialog with the original.
import { useState } from 'react';
import { Divider, Stack } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { ComposeLauncher, type ComposeRequest } from './ComposeLauncher.tsx';
import { EmailActions } from './EmailActions.tsx';
import { EmailAttachments } from './EmailAttachments.tsx';
import { EmailBody } from './EmailBody.tsx';
import { EmailHeader } from './EmailHeader.tsx';
import { emailKeys, fetchEmail, type EmailRecords } from './emailsApi.ts';

export function EmailView({
  id,
  records = {},
  onRemoved,
}: {
  id: string;
  /** The page's record, for a reply's links and template. */
  records?: EmailRecords;
  onRemoved(): void;
}) {
  const [images, setImages] = useState(false);
  const [compose, setCompose] = useState<ComposeRequest | null>(null);
  const query = useQuery({
    queryKey: emailKeys.detail(id, images),
    queryFn: ({ signal }) => fetchEmail(id, images, signal),
    // Asking for the images again keeps the message on screen until it comes back with them.
    placeholderData: keepPreviousData,
  });
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const email = query.data;
  return (
    <Stack gap="sm" data-testid="email-view" data-email-id={email.id}>
      <EmailHeader email={email} bcc={email.bcc} />
      <EmailActions
        email={email}
        onReply={(all) => setCompose({ records, replyTo: email, replyAll: all })}
        onRemoved={onRemoved}
      />
      <Divider />
      <EmailBody email={email} imagesShown={images} onShowImages={() => setImages(true)} />
      <EmailAttachments email={email} />
      <ComposeLauncher request={compose} onClose={() => setCompose(null)} />
    </Stack>
  );
}
