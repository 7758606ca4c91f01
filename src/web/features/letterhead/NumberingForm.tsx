// The number ranges of quotes and order confirmations (PATCH /numbering), beside the letterhead
// since both shape the printed documents. A refused pattern shows the server's reason.
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { saveNumbering, useNumbering } from './letterheadApi.ts';

const kinds = ['quote', 'order'] as const;
type Patterns = Record<(typeof kinds)[number], string>;

export function NumberingForm({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const numbering = useNumbering();
  const [patterns, setPatterns] = useState<Patterns>({ quote: '', order: '' });
  const [errors, setErrors] = useState<Partial<Patterns>>({});
  useEffect(() => {
    if (numbering.data) setPatterns(numbering.data.patterns);
  }, [numbering.data]);
  const save = useMutation({
    mutationFn: () => saveNumbering({ patterns }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['numbering'], saved);
      setErrors({});
      notifications.show({ color: 'green', message: t('letterhead.numbering.saved') });
    },
    onError: (error) => {
      // The pattern rules are the server's; its message names the one broken (in English).
      const found: Partial<Patterns> = {};
      if (error instanceof ApiError)
        for (const entry of error.problem?.errors ?? []) {
          const kind = kinds.find((k) => entry.path.endsWith(`patterns.${k}`));
          if (kind) found[kind] = entry.message;
        }
      setErrors(found);
      if (Object.keys(found).length === 0) notifications.show({ color: 'red', message: errorMessage(error) });
    },
  });
  if (numbering.isPending) return <LoadingState />;
  if (numbering.isError) return <ErrorState error={numbering.error} onRetry={() => void numbering.refetch()} />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate data-testid="numbering-form">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('letterhead.numbering.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('letterhead.numbering.intro')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {kinds.map((kind) => (
            <TextInput
              key={kind}
              name={`pattern-${kind}`}
              label={t(`letterhead.numbering.${kind}`)}
              value={patterns[kind]}
              disabled={!editable}
              error={errors[kind]}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setPatterns((current) => ({ ...current, [kind]: value }));
              }}
            />
          ))}
        </SimpleGrid>
        {editable && (
          <Group>
            <Button type="submit" variant="light" loading={save.isPending}>
              {t('letterhead.numbering.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
