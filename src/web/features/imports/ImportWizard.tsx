// The import wizard (/imports/new): file and record type, mapping, options, preview, run.
// The file is uploaded as soon as it is chosen (the server keeps it on disk and reads its head);
// everything after that is settings sent with the preview and the start.
import { useRef, useState } from 'react';
import { Anchor, Button, Group, Stack, Stepper, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorMessage } from '../../ui/states.tsx';
import { FileStep } from './FileStep.tsx';
import {
  recordTypes,
  startImport,
  uploadFile,
  useImportFields,
  type Mapping,
  type ReadOptions,
  type RecordType,
  type SavedMapping,
  type Settings,
  type Upload,
} from './importApi.ts';
import { assignmentOf, constantsOf, mappingOf, type Assignment } from './mapping.ts';
import { MappingStep } from './MappingStep.tsx';
import { availableMatches, OptionsStep, type Options } from './OptionsStep.tsx';
import { PreviewStep } from './PreviewStep.tsx';
import { RunView } from './RunView.tsx';

/** The server's guess for a record type: one mapping, or one per record type. */
function guessFor(upload: Upload, recordType: RecordType): Mapping {
  const guessed = upload.guessedMapping ?? {};
  const perType = guessed[recordType];
  if (perType && typeof perType === 'object' && !Array.isArray(perType) && recordTypes.includes(recordType))
    return perType as Mapping;
  return guessed;
}

const steps = ['file', 'mapping', 'options', 'preview', 'run'] as const;

export default function ImportWizard() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 40em)') ?? false;
  const [active, setActive] = useState(0);
  const [recordType, setRecordType] = useState<RecordType>('contacts');
  const [file, setFile] = useState<File | null>(null);
  const [readOptions, setReadOptions] = useState<ReadOptions>({});
  const [upload, setUpload] = useState<Upload | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [assignment, setAssignment] = useState<Assignment>({});
  const [constants, setConstants] = useState<Record<string, string>>({});
  const [saveAs, setSaveAs] = useState('');
  const [options, setOptions] = useState<Options>({ match: 'none', update: 'fillEmpty', onInvalid: 'reject' });
  const [runId, setRunId] = useState<string | null>(null);
  const pending = useRef<AbortController | null>(null);
  const fields = useImportFields(recordType);

  const send = async (chosen: File, type: RecordType, read: ReadOptions) => {
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    setUploadError(null);
    setUploading(0);
    try {
      const uploaded = await uploadFile(chosen, { ...read, recordType: type }, setUploading, controller.signal);
      setUpload(uploaded);
      setAssignment(assignmentOf(guessFor(uploaded, type), uploaded.columns));
      setConstants((current) => ({ ...constantsOf(guessFor(uploaded, type)), ...current }));
      setUploading(null);
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      setUploading(null);
      setUpload(null);
      setUploadError(errorMessage(error));
    }
  };

  const chooseFile = (chosen: File) => {
    setFile(chosen);
    setReadOptions({});
    void send(chosen, recordType, {});
  };
  const chooseRecordType = (type: RecordType) => {
    setRecordType(type);
    setConstants({});
    // A match the type has not becomes its first one; products start matched by SKU.
    const matches = availableMatches(type);
    if (!matches.includes(options.match) || (type === 'products' && options.match === 'none'))
      setOptions({ ...options, match: matches[0] });
    if (file) void send(file, type, readOptions);
  };
  const chooseReadOptions = (changed: ReadOptions) => {
    const next = { ...readOptions, ...changed };
    setReadOptions(next);
    if (file) void send(file, recordType, next);
  };
  const chooseSaved = (saved: SavedMapping) => {
    if (!upload) return;
    setAssignment(assignmentOf(saved.mapping, upload.columns));
    setConstants(constantsOf(saved.mapping));
  };

  const columns = upload?.columns ?? [];
  // A guess made for another record type may name fields this one lacks: those are left out.
  const offered = fields.data ? new Set(fields.data.map((field) => field.key)) : null;
  const usable = offered
    ? Object.fromEntries(Object.entries(assignment).filter(([, field]) => offered.has(field)))
    : assignment;
  const settings: Settings = {
    ...readOptions,
    recordType,
    mapping: mappingOf(usable, columns, constants),
    match: options.match,
    update: options.update,
    onInvalid: options.onInvalid,
    ...(recordType === 'orders' && options.createCustomers && { createCustomers: true }),
  };
  const mappedCount = columns.filter((column) => usable[column]).length;

  const start = useMutation({
    mutationFn: () =>
      startImport(upload!.id, { ...settings, ...(saveAs.trim() ? { saveMappingAs: saveAs.trim() } : {}) }),
    onSuccess: (started) => {
      setRunId(started.id ?? upload!.id);
      setActive(4);
      void queryClient.invalidateQueries({ queryKey: ['imports', 'list'] });
      if (saveAs.trim()) void queryClient.invalidateQueries({ queryKey: ['import-mappings'] });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });

  const canNext = active === 0 ? !!upload && uploading === null : active === 1 ? mappedCount > 0 : true;
  const stepLabel = (step: (typeof steps)[number]) => (phone ? undefined : t(`imports.steps.${step}`));

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('imports.wizard.title')}</Title>
        <Anchor component={Link} to="/imports" size="sm">
          {t('imports.wizard.toHistory')}
        </Anchor>
      </Group>
      <Stepper
        active={active}
        onStepClick={runId ? undefined : setActive}
        allowNextStepsSelect={false}
        size="sm"
        iconSize={phone ? 28 : undefined}
      >
        {steps.map((step) => (
          <Stepper.Step key={step} label={stepLabel(step)} aria-label={t(`imports.steps.${step}`)} />
        ))}
      </Stepper>
      {phone && (
        <Text fw={600} data-testid="import-step-title">
          {t(`imports.steps.${steps[active]}`)}
        </Text>
      )}

      {active === 0 && (
        <FileStep
          recordType={recordType}
          onRecordType={chooseRecordType}
          file={file}
          upload={upload}
          uploading={uploading}
          error={uploadError}
          onFile={chooseFile}
          onReadOptions={chooseReadOptions}
        />
      )}
      {active === 1 && upload && (
        <MappingStep
          recordType={recordType}
          columns={columns}
          samples={upload.samples ?? {}}
          assignment={usable}
          onAssign={(column, field) =>
            setAssignment((current) => {
              const next = { ...current };
              if (field) next[column] = field;
              else delete next[column];
              return next;
            })
          }
          constants={constants}
          onConstant={(field, value) => setConstants((current) => ({ ...current, [field]: value }))}
          saveAs={saveAs}
          onSaveAs={setSaveAs}
          onSavedMapping={chooseSaved}
        />
      )}
      {active === 2 && <OptionsStep recordType={recordType} options={options} onChange={setOptions} />}
      {active === 3 && upload && <PreviewStep id={upload.id} settings={settings} />}
      {active === 4 && runId && <RunView id={runId} />}

      {active < 4 ? (
        <Group justify="space-between">
          <Button variant="default" onClick={() => setActive(active - 1)} disabled={active === 0}>
            {t('imports.wizard.back')}
          </Button>
          {active < 3 ? (
            <Button onClick={() => setActive(active + 1)} disabled={!canNext}>
              {t('imports.wizard.next')}
            </Button>
          ) : (
            <Button onClick={() => start.mutate()} loading={start.isPending} color="green">
              {t('imports.wizard.start')}
            </Button>
          )}
        </Group>
      ) : (
        <Group>
          <Button component={Link} to="/imports" variant="default">
            {t('imports.wizard.toHistory')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
