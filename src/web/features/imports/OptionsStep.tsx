// Step 3 of the import: whether rows are matched to existing records (and by what), what an
// update does to fields that already hold a value, and what happens to a value that cannot be
// stored. Nothing is overwritten unless the user chooses so.
import { Checkbox, Radio, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Match, OnInvalid, RecordType, Update } from './importApi.ts';

const matches: Match[] = ['none', 'customerNumber', 'email', 'duplicates'];
/** Which matches a record type can use (the others have no such field). */
const matchesOf: Record<RecordType, Match[]> = {
  contacts: matches,
  companies: matches,
  deals: ['none'],
  activities: ['none'],
  notes: ['none'],
  products: ['sku', 'none'],
  orders: ['none'],
};

export interface Options {
  match: Match;
  update: Update;
  onInvalid: OnInvalid;
  createCustomers?: boolean;
}

export function availableMatches(recordType: RecordType): Match[] {
  return matchesOf[recordType];
}

export function OptionsStep({
  recordType,
  options,
  onChange,
}: {
  recordType: RecordType;
  options: Options;
  onChange(options: Options): void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={720}>
      {recordType === 'orders' && (
        <Checkbox
          label={t('imports.options.createCustomers')}
          description={t('imports.options.createCustomersHelp')}
          checked={options.createCustomers ?? false}
          onChange={(event) => onChange({ ...options, createCustomers: event.currentTarget.checked })}
          data-testid="create-customers"
        />
      )}
      {availableMatches(recordType).length > 1 && (
        <Radio.Group
          label={t('imports.options.match')}
          value={options.match}
          onChange={(value) => onChange({ ...options, match: value as Match })}
        >
          <Stack gap="xs" mt="xs">
            {availableMatches(recordType).map((match) => (
              <Radio
                key={match}
                value={match}
                label={t(`imports.options.matches.${match}`)}
                description={t(`imports.options.matchHelp.${match}`)}
              />
            ))}
          </Stack>
        </Radio.Group>
      )}

      {options.match !== 'none' && (
        <Radio.Group
          label={t('imports.options.update')}
          value={options.update}
          onChange={(value) => onChange({ ...options, update: value as Update })}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="fillEmpty" label={t('imports.options.updates.fillEmpty')} />
            <Radio value="overwrite" label={t('imports.options.updates.overwrite')} />
          </Stack>
        </Radio.Group>
      )}

      <Radio.Group
        label={t('imports.options.onInvalid')}
        value={options.onInvalid}
        onChange={(value) => onChange({ ...options, onInvalid: value as OnInvalid })}
      >
        <Stack gap="xs" mt="xs">
          <Radio value="reject" label={t('imports.options.invalid.reject')} />
          <Radio value="skipValue" label={t('imports.options.invalid.skipValue')} />
        </Stack>
      </Radio.Group>
      <Text size="sm" c="dimmed">
        {t('imports.options.rejectedHelp')}
      </Text>
    </Stack>
  );
}
