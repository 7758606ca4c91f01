// "Attach quote": the issued quotes of the record the message is about, ticked in a small
// checklist (number, subject, net total). The server attaches each quote's stored PDF, so
// only the quote's id goes along; the PDF is named by the quote's number.
import { Button, Checkbox, Group, Popover, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { useIssuedQuotes, type EmailRecords } from './emailsApi.ts';

export interface AttachedQuote {
  quoteId: string;
  /** The name of the PDF the server attaches. */
  filename: string;
}

export function QuotePicker({
  records,
  chosen,
  onChange,
}: {
  records: EmailRecords;
  chosen: AttachedQuote[];
  onChange(quotes: AttachedQuote[]): void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const quotes = useIssuedQuotes(records);
  // Without issued quotes (or while they load) there is nothing to offer: no button.
  const offered = (quotes.data?.data ?? []).filter((quote) => quote.number);
  if (offered.length === 0) return null;
  const toggle = (quoteId: string, number: string) =>
    onChange(
      chosen.some((entry) => entry.quoteId === quoteId)
        ? chosen.filter((entry) => entry.quoteId !== quoteId)
        : [...chosen, { quoteId, filename: `${number}.pdf` }],
    );
  return (
    <Popover position="bottom-start" withinPortal zIndex={500} shadow="md">
      <Popover.Target>
        <Button size="compact-sm" variant="default" data-testid="compose-attach-quote">
          {t('emails.compose.attachQuote')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid="compose-quote-options">
        <Stack gap="xs">
          {offered.map((quote) => (
            <Group key={quote.id} justify="space-between" wrap="nowrap" gap="md">
              <Checkbox
                label={t('emails.compose.quoteOption', { number: quote.number, subject: quote.subject })}
                checked={chosen.some((entry) => entry.quoteId === quote.id)}
                onChange={() => toggle(quote.id, quote.number ?? '')}
              />
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {t('emails.compose.quoteNet', {
                  amount: formatMoney({ amount: quote.netTotal, currency: quote.currency }, locale),
                })}
              </Text>
            </Group>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
