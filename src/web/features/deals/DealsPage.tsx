// The deals area: the pipeline board (a column per stage, totals, drag and drop between
// stages with mouse, touch or keyboard) and the "new deal" form.
import { useMemo } from 'react';
import { Button, Group, Select, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { usePipelines } from './dealsData.ts';
import { PipelineBoard } from './PipelineBoard.tsx';
import { NewDealModal } from './NewDealModal.tsx';
import { DealsViewSwitch } from './DealsViewSwitch.tsx';

export default function DealsPage() {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  const [params, setParams] = useSearchParams();
  const [creating, { open, close }] = useDisclosure(false);

  const pipeline = useMemo(() => {
    const list = pipelines.data ?? [];
    return list.find((p) => p.id === params.get('pipeline')) ?? list[0];
  }, [pipelines.data, params]);

  const choose = (id: string | null) => {
    if (!id) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('pipeline', id);
        return next;
      },
      { replace: true },
    );
  };

  return (
    <>
      <Group justify="space-between" mb="md" gap="sm">
        <Title order={2}>{t('deals.title')}</Title>
        <Group gap="sm">
          <DealsViewSwitch current="board" />
          {pipelines.data && pipelines.data.length > 1 && pipeline && (
            <Select
              aria-label={t('deals.pipeline')}
              data-testid="pipeline-select"
              data={pipelines.data.map((p) => ({ value: p.id, label: p.name }))}
              value={pipeline.id}
              onChange={choose}
              allowDeselect={false}
              w={200}
            />
          )}
          <Button onClick={open} disabled={!pipeline} data-testid="new-deal">
            {t('deals.new')}
          </Button>
        </Group>
      </Group>
      {pipelines.isPending ? (
        <LoadingState />
      ) : pipelines.isError ? (
        <ErrorState error={pipelines.error} onRetry={() => void pipelines.refetch()} />
      ) : !pipeline ? (
        <EmptyState>{t('deals.noPipeline')}</EmptyState>
      ) : (
        <PipelineBoard key={pipeline.id} pipeline={pipeline} />
      )}
      {pipeline && <NewDealModal opened={creating} onClose={close} pipeline={pipeline} />}
    </>
  );
}
