// Step 1 of the import: what the file holds (the record type) and the file itself, dropped or
// chosen. The server reads its head at once and says what it found (format, encoding,
// delimiter, sheet); each can be overridden, which reads the file again with that choice.
import { useRef, useState, type DragEvent } from 'react';
import { Alert, Button, Group, Paper, Progress, Radio, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../ui/useLocale.ts';
import { formatNumber } from '../../ui/format.ts';
import {
  encodings,
  formats,
  recordTypes,
  type Encoding,
  type ImportFormat,
  type ReadOptions,
  type RecordType,
  type Upload,
} from './importApi.ts';

const delimiters = [';', ',', '\t', '|'];
const accept = '.csv,.tsv,.txt,.xlsx,.vcf,.vcard,.json,text/csv,text/vcard,application/json';

export interface FileStepProps {
  recordType: RecordType;
  onRecordType(type: RecordType): void;
  file: File | null;
  upload: Upload | null;
  uploading: number | null;
  error: string | null;
  onFile(file: File): void;
  onReadOptions(options: ReadOptions): void;
}

export function FileStep({
  recordType,
  onRecordType,
  file,
  upload,
  uploading,
  error,
  onFile,
  onReadOptions,
}: FileStepProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };
  const delimiterLabel = (value: string) =>
    value === '\t' ? t('imports.file.tab') : value === ' ' ? t('imports.file.space') : value;

  return (
    <Stack gap="md">
      <Radio.Group
        label={t('imports.file.recordType')}
        value={recordType}
        onChange={(value) => onRecordType(value as RecordType)}
      >
        <Group gap="md" mt={6}>
          {recordTypes.map((type) => (
            <Radio key={type} value={type} label={t(`imports.recordTypes.${type}`)} />
          ))}
        </Group>
      </Radio.Group>

      <Paper
        withBorder
        p="lg"
        radius="md"
        data-testid="import-drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        style={{
          borderStyle: 'dashed',
          borderWidth: 2,
          borderColor: over ? 'var(--mantine-color-blue-6)' : undefined,
          background: over ? 'var(--mantine-color-blue-0)' : undefined,
        }}
      >
        <Stack align="center" gap="xs">
          <Text fw={500} ta="center">
            {t('imports.file.drop')}
          </Text>
          <Text size="sm" c="dimmed" ta="center">
            {t('imports.file.formats')}
          </Text>
          <input
            ref={input}
            type="file"
            accept={accept}
            hidden
            aria-label={t('imports.file.choose')}
            data-testid="import-file-input"
            onChange={(event) => {
              const chosen = event.currentTarget.files?.[0];
              if (chosen) onFile(chosen);
              event.currentTarget.value = '';
            }}
          />
          <Button variant="light" onClick={() => input.current?.click()}>
            {file ? t('imports.file.chooseOther') : t('imports.file.choose')}
          </Button>
        </Stack>
      </Paper>

      {uploading !== null && (
        <Stack gap={4}>
          <Text size="sm">{t('imports.file.uploading', { name: file?.name })}</Text>
          <Progress value={uploading * 100} animated aria-label={t('imports.file.uploading', { name: file?.name })} />
        </Stack>
      )}
      {error && (
        <Alert color="red" role="alert" data-testid="import-upload-error">
          {error}
        </Alert>
      )}

      {upload && file && uploading === null && (
        <Paper withBorder p="md" data-testid="import-detected">
          <Stack gap="sm">
            <Text size="sm">
              {t('imports.file.detected', {
                name: file.name,
                columns: formatNumber(upload.columns.length, locale),
              })}
              {upload.rowsEstimate
                ? ` ${t('imports.file.rowsEstimate', { count: upload.rowsEstimate, rows: formatNumber(upload.rowsEstimate, locale) })}`
                : ''}
            </Text>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              <Select
                label={t('imports.file.format')}
                data={formats.map((value) => ({ value, label: t(`imports.formats.${value}`) }))}
                value={upload.format}
                allowDeselect={false}
                onChange={(value) => value && onReadOptions({ format: value as ImportFormat })}
              />
              {upload.format === 'csv' && (
                <Select
                  label={t('imports.file.encoding')}
                  data={encodings.map((value) => ({ value, label: t(`imports.encodings.${value}`) }))}
                  value={encodings.find((value) => value === upload.encoding?.toLowerCase()) ?? null}
                  allowDeselect={false}
                  onChange={(value) => value && onReadOptions({ encoding: value as Encoding })}
                />
              )}
              {upload.format === 'csv' && (
                <Select
                  label={t('imports.file.delimiter')}
                  data={[...new Set([...delimiters, ...(upload.delimiter ? [upload.delimiter] : [])])].map((value) => ({
                    value,
                    label: delimiterLabel(value),
                  }))}
                  value={upload.delimiter ?? null}
                  allowDeselect={false}
                  onChange={(value) => value && onReadOptions({ delimiter: value })}
                />
              )}
              {upload.format === 'xlsx' && (upload.sheets?.length ?? 0) > 0 && (
                <Select
                  label={t('imports.file.sheet')}
                  data={upload.sheets ?? []}
                  value={upload.sheet ?? upload.sheets?.[0] ?? null}
                  allowDeselect={false}
                  onChange={(value) => value && onReadOptions({ sheet: value })}
                />
              )}
            </SimpleGrid>
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {t('imports.file.columns')}: {upload.columns.join(' · ')}
            </Text>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
