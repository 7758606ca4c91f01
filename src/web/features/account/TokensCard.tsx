// My API tokens (made for me by an admin) and app passwords (my phones'): listed with their
import type { ReactNode } from 'react';
// last use, revoked at once. Their secrets were shown once, when made, and never again.
import { Badge, Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../ui/format.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { useMyTokens, useRevokeToken } from './accountApi.ts';

export function TokensCard() {
  const { t } = useTranslation();
  const locale = useLocale();
  const tokens = useMyTokens();
  const revoke = useRevokeToken();
  const errorMessage = useErrorMessage();

  let content: ReactNode;
  if (tokens.isPending) content = <LoadingState />;
  else if (tokens.isError) content = <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />;
  else if (tokens.data.length === 0)
    content = (
      <Text size="sm" c="dimmed">
        {t('account.tokens.none')}
      </Text>
    );
  else
    content = (
      <Table data-testid="tokens" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('account.tokens.name')}</Table.Th>
            <Table.Th>{t('account.tokens.kind')}</Table.Th>
            <Table.Th>{t('account.tokens.created')}</Table.Th>
            <Table.Th>{t('account.tokens.lastUsed')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.data.map((token) => (
            <Table.Tr key={token.id}>
              <Table.Td>{token.name}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={token.kind === 'dav' ? 'teal' : 'blue'}>
                  {t(`account.tokens.kinds.${token.kind}`)}
                </Badge>
              </Table.Td>
              <Table.Td>{formatDateTime(token.createdAt, locale)}</Table.Td>
              <Table.Td>
                {token.lastUsedAt ? formatDateTime(token.lastUsedAt, locale) : t('account.tokens.never')}
              </Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="light"
                  color="red"
                  loading={revoke.isPending && revoke.variables === token.id}
                  aria-label={t('account.tokens.revokeNamed', { name: token.name })}
                  onClick={() =>
                    revoke.mutate(token.id, {
                      onSuccess: () =>
                        notifications.show({
                          color: 'green',
                          message: t('account.tokens.revoked', { name: token.name }),
                        }),
                      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
                    })
                  }
                >
                  {t('account.tokens.revoke')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="account-tokens">
      <Stack gap="sm">
        <Title order={4} id="account-tokens">
          {t('account.tokens.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('account.tokens.intro')} <Link to="/phones">{t('account.tokens.phones')}</Link>
        </Text>
        {content}
      </Stack>
    </Paper>
  );
}
