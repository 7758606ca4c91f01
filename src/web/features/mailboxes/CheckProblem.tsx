// One failed check in the user's words: which server, what failed and what to do (by its code),
// and the server's own message for the details (the certificate's fault, the folders it has).
import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CheckFailureCode } from '../../../contract/mailboxes.ts';
import type { ServerKind } from './mailboxForm.ts';

export function CheckProblem({
  server,
  code,
  message,
  withServer = true,
}: {
  server: ServerKind;
  code: CheckFailureCode;
  message: string;
  /** Whether the title names the server (not needed inside the server's own section). */
  withServer?: boolean;
}) {
  const { t } = useTranslation();
  const title = t(`mailboxes.problems.titles.${code}`);
  return (
    <Alert
      color="red"
      variant="light"
      p="xs"
      title={withServer ? `${t(`mailboxes.servers.${server}`)}: ${title}` : title}
      data-testid={`problem-${server}-${code}`}
      data-check-problem
    >
      <Text size="sm">{t(`mailboxes.problems.texts.${code}`)}</Text>
      <Text size="xs" c="dimmed" mt={4}>
        {t('mailboxes.problems.serverSays', { message })}
      </Text>
    </Alert>
  );
}
