// Step 2 of the import: each column of the file (with two of its values) beside the Farley
// field it goes to, the server's guess chosen already. A second column chosen for the same
// field is joined to the first (Straße + Hausnummer); constants give every row a tag, an owner,
// a source or a lifecycle stage; the mapping can be saved under a name and chosen next time.
import { useMemo } from 'react';
import { Badge, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { lifecycleStages } from '../../../contract/contacts.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { useUserList } from '../users/usersApi.ts';
import {
  useImportFields,
  useSavedMappings,
  type ImportField,
  type RecordType,
  type SavedMapping,
} from './importApi.ts';
import { joinedColumns, type Assignment } from './mapping.ts';

/** Where a field is listed in the field choice; fields not named here go to "more". */
const groupOf: Record<string, string> = {};
const groups: Record<string, string[]> = {
  ids: ['customerNumber', 'externalId', 'companyCustomerNumber'],
  person: ['salutation', 'title', 'firstName', 'lastName', 'fullName', 'jobTitle', 'birthday'],
  company: [
    'name',
    'legalForm',
    'industry',
    'employeeCount',
    'annualRevenue',
    'website',
    'vatId',
    'description',
    'company',
  ],
  reach: ['email', 'email2', 'email3', 'phone', 'phone2', 'mobile', 'fax'],
  address: ['street', 'postalCode', 'city', 'region', 'country'],
  deal: ['value', 'currency', 'pipeline', 'stage', 'expectedCloseDate', 'deal'],
  activity: ['type', 'subject', 'body', 'occurredAt', 'durationMinutes', 'direction', 'outcome', 'contact'],
  crm: ['lifecycleStage', 'source', 'tags', 'owner', 'notes'],
  product: ['sku', 'unit', 'listPrice', 'costPrice', 'vatRate', 'productGroup', 'active'],
};
for (const [group, keys] of Object.entries(groups)) for (const key of keys) groupOf[key] = group;

/** The constants the wizard offers, for the record types whose fields have them. */
const constantFields = ['tags', 'owner', 'source', 'lifecycleStage'] as const;

export interface MappingStepProps {
  recordType: RecordType;
  columns: string[];
  samples: Record<string, string[]>;
  assignment: Assignment;
  onAssign(column: string, field: string | null): void;
  constants: Record<string, string>;
  onConstant(field: string, value: string): void;
  saveAs: string;
  onSaveAs(name: string): void;
  onSavedMapping(saved: SavedMapping): void;
}

export function useFieldLabel(recordType: RecordType) {
  const fields = useImportFields(recordType);
  const language = currentLanguage();
  return useMemo(() => {
    const labels = new Map((fields.data ?? []).map((field) => [field.key, field.label[language] ?? field.key]));
    return (key: string) => labels.get(key) ?? key;
  }, [fields.data, language]);
}

export function MappingStep(props: MappingStepProps) {
  const { t } = useTranslation();
  const { recordType, columns, samples, assignment, onAssign, constants, onConstant } = props;
  const fields = useImportFields(recordType);
  const saved = useSavedMappings(recordType);
  const users = useUserList();
  const language = currentLanguage();
  const label = (field: ImportField) => field.label[language] ?? field.key;

  const data = useMemo(() => {
    const label = (field: ImportField) => field.label[language] ?? field.key;
    const byGroup = new Map<string, { value: string; label: string }[]>();
    for (const field of fields.data ?? []) {
      const group = groupOf[field.key] ?? 'more';
      byGroup.set(group, [...(byGroup.get(group) ?? []), { value: field.key, label: label(field) }]);
    }
    const order = [...Object.keys(groups), 'more'];
    return [
      { group: t('imports.mapping.skipGroup'), items: [{ value: '', label: t('imports.mapping.skip') }] },
      ...order
        .filter((group) => byGroup.has(group))
        .map((group) => ({ group: t(`imports.mapping.groups.${group}`), items: byGroup.get(group)! })),
    ];
  }, [fields.data, language, t]);
  const fieldLabel = (key: string) => {
    const field = fields.data?.find((f) => f.key === key);
    return field ? label(field) : key;
  };
  const offered = new Set((fields.data ?? []).map((field) => field.key));
  const mapped = columns.filter((column) => assignment[column]).length;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Text size="sm" c="dimmed" data-testid="mapping-summary">
          {t('imports.mapping.summary', { mapped, total: columns.length })}
        </Text>
        {(saved.data?.length ?? 0) > 0 && (
          <Select
            label={t('imports.mapping.useSaved')}
            placeholder={t('imports.mapping.chooseSaved')}
            data={(saved.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
            onChange={(id) => {
              const chosen = saved.data?.find((m) => m.id === id);
              if (chosen) props.onSavedMapping(chosen);
            }}
            w={260}
          />
        )}
      </Group>

      <Stack gap={0} data-testid="mapping-rows">
        {columns.map((column) => {
          const field = assignment[column] ?? '';
          const joined = field ? joinedColumns(assignment, columns, field) : [];
          const values = (samples[column] ?? []).filter((value) => value !== '').slice(0, 2);
          return (
            <Paper key={column} withBorder radius={0} p="xs" data-testid="mapping-row" data-column={column}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text fw={500} truncate>
                    {column}
                  </Text>
                  <Text size="xs" c="dimmed" truncate data-testid="mapping-samples">
                    {values.length > 0 ? values.join(' · ') : t('imports.mapping.noSamples')}
                  </Text>
                </Stack>
                <Stack gap={4}>
                  <Select
                    aria-label={t('imports.mapping.fieldFor', { column })}
                    data={data}
                    value={field}
                    onChange={(value) => onAssign(column, value || null)}
                    searchable
                    allowDeselect={false}
                    nothingFoundMessage={t('imports.mapping.nothingFound')}
                    comboboxProps={{ withinPortal: true }}
                  />
                  {joined.length > 1 && (
                    <Badge variant="light" color="grape" size="sm" tt="none" data-testid="mapping-joined">
                      {t('imports.mapping.joined', { columns: joined.join(' + ') })}
                    </Badge>
                  )}
                </Stack>
              </SimpleGrid>
            </Paper>
          );
        })}
      </Stack>

      <Stack gap="xs">
        <Title order={4}>{t('imports.mapping.constants')}</Title>
        <Text size="sm" c="dimmed">
          {t('imports.mapping.constantsHelp')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {constantFields
            .filter((key) => offered.has(key))
            .map((key) =>
              key === 'owner' ? (
                <Select
                  key={key}
                  label={fieldLabel(key)}
                  data={(users.data ?? [])
                    .filter((user) => user.active)
                    .map((user) => ({ value: user.email, label: user.name }))}
                  value={constants.owner ?? null}
                  onChange={(value) => onConstant('owner', value ?? '')}
                  clearable
                  searchable
                  placeholder={t('imports.mapping.fromFile')}
                />
              ) : key === 'lifecycleStage' ? (
                <Select
                  key={key}
                  label={fieldLabel(key)}
                  data={lifecycleStages.map((value) => ({ value, label: t(`lists.values.lifecycleStage.${value}`) }))}
                  value={constants.lifecycleStage ?? null}
                  onChange={(value) => onConstant('lifecycleStage', value ?? '')}
                  clearable
                  placeholder={t('imports.mapping.fromFile')}
                />
              ) : (
                <TextInput
                  key={key}
                  label={fieldLabel(key)}
                  value={constants[key] ?? ''}
                  onChange={(event) => onConstant(key, event.currentTarget.value)}
                  placeholder={t('imports.mapping.fromFile')}
                  data-testid={`constant-${key}`}
                />
              ),
            )}
        </SimpleGrid>
      </Stack>

      <TextInput
        label={t('imports.mapping.saveAs')}
        description={t('imports.mapping.saveAsHelp')}
        value={props.saveAs}
        onChange={(event) => props.onSaveAs(event.currentTarget.value)}
        maw={420}
      />
    </Stack>
  );
}
