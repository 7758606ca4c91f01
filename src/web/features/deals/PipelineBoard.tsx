// The board of one pipeline: a column per stage with count, total and weighted total, deal
// cards that move between columns with the mouse, a finger (long press) or the keyboard
// (Space to pick up, arrows to move from column to column, Space to drop, Escape to cancel).
import { useCallback, useMemo, useState } from 'react';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { Anchor, Badge, Box, Center, Group, Loader, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Deal } from '../../../contract/deals.ts';
import type { Pipeline, Stage } from '../../../contract/pipelines.ts';
import { formatDate, formatMoney } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { ErrorState, useErrorMessage } from '../../ui/states.tsx';
import { columnLimit, useMoveDeal, usePipelineTotals, useStageDeals } from './dealsData.ts';
import type { PipelineTotals } from '../../../contract/deals.ts';

const columnWidth = 280;

/** Arrow left/right jumps to the centre of the neighbouring column (the default moves 25 px a press). */
const columnCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const direction = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
  const { collisionRect, droppableRects } = context;
  if (!direction || !collisionRect) return undefined;
  event.preventDefault();
  const centre = collisionRect.left + collisionRect.width / 2;
  let best: { left: number; top: number; width: number; height: number } | undefined;
  let bestDistance = Infinity;
  for (const rect of droppableRects.values()) {
    const distance = (rect.left + rect.width / 2 - centre) * direction;
    if (distance > 1 && distance < bestDistance) {
      best = rect;
      bestDistance = distance;
    }
  }
  if (!best) return currentCoordinates;
  const maxTop = best.top + Math.max(0, best.height - collisionRect.height);
  return {
    x: best.left + (best.width - collisionRect.width) / 2,
    y: Math.min(Math.max(currentCoordinates.y, best.top), maxTop),
  };
};

/** The pointer's column when there is a pointer; for the keyboard the column the card overlaps most. */
const collision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length > 0 ? within : rectIntersection(args);
};

function DealCardBody({ deal, linked = false }: { deal: Deal; linked?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Stack gap={4}>
      {linked ? (
        // The title opens the deal page: a plain click (a drag starts only after 5 px of movement);
        // Enter on the focused link opens it instead of picking the card up.
        <Anchor
          component={Link}
          to={`/deals/${deal.id}`}
          fw={500}
          size="sm"
          lineClamp={2}
          c="inherit"
          draggable={false}
          data-testid="deal-link"
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.stopPropagation();
          }}
        >
          {deal.title}
        </Anchor>
      ) : (
        <Text fw={500} size="sm" lineClamp={2}>
          {deal.title}
        </Text>
      )}
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" data-testid="deal-amount">
          {deal.amount ? formatMoney(deal.amount, locale) : '–'}
        </Text>
        {deal.expectedCloseDate && (
          <Text size="xs" c="dimmed" title={t('deals.expectedClose')}>
            {formatDate(deal.expectedCloseDate, locale, 'short')}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

function DealCard({ deal }: { deal: Deal }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: deal.id, data: { deal } });
  return (
    <Paper
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      withBorder
      shadow="xs"
      p="sm"
      data-testid="deal-card"
      aria-label={deal.title}
      style={{ cursor: 'grab', opacity: isDragging ? 0.4 : 1 }}
    >
      <DealCardBody deal={deal} linked />
    </Paper>
  );
}

type ColumnFigures = PipelineTotals['data'][number];
/** A stage the totals leave out: it has no deals. */
const empty = (stageId: string): ColumnFigures => ({ stageId, count: 0, totals: [] });

function StageColumn({
  pipeline,
  stage,
  figures,
}: {
  pipeline: Pipeline;
  stage: Stage;
  figures: ColumnFigures | undefined;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const deals = useStageDeals(pipeline.id, stage.id);
  const { setNodeRef, isOver } = useDroppable({ id: stage.id, data: { stage } });
  const list = deals.data?.data ?? [];
  const totals = figures?.totals ?? [];
  const more = !!deals.data?.nextCursor;
  // The count covers every deal of the stage; until it is there, the cards shown stand in.
  const count = figures?.count ?? list.length;

  return (
    <Paper
      component="section"
      aria-label={stage.name}
      data-testid="stage-column"
      data-stage-id={stage.id}
      data-over={isOver || undefined}
      ref={setNodeRef}
      withBorder
      bg={isOver ? 'blue.0' : 'gray.0'}
      p="sm"
      w={columnWidth}
      miw={columnWidth}
      mih="60vh"
      style={{ borderColor: isOver ? 'var(--mantine-color-blue-5)' : undefined }}
    >
      <Stack gap={2} mb="sm">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={700} size="sm" truncate>
            {stage.name}
          </Text>
          <Badge
            variant="light"
            color={stage.kind === 'won' ? 'green' : stage.kind === 'lost' ? 'gray' : 'blue'}
            data-testid="stage-count"
          >
            {figures || !more ? count : t('deals.countMore', { count: list.length })}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed" data-testid="stage-total">
          {t('deals.total')}:{' '}
          {totals.length
            ? totals.map((x) => formatMoney({ amount: x.amount, currency: x.currency }, locale)).join(' · ')
            : '–'}
        </Text>
        <Text size="xs" c="dimmed" data-testid="stage-weighted">
          {t('deals.weighted')}:{' '}
          {totals.length
            ? totals.map((x) => formatMoney({ amount: x.weighted, currency: x.currency }, locale)).join(' · ')
            : '–'}
        </Text>
      </Stack>
      {deals.isPending ? (
        <Center mih={80}>
          <Loader size="sm" aria-label={t('state.loading')} />
        </Center>
      ) : deals.isError ? (
        <ErrorState error={deals.error} onRetry={() => void deals.refetch()} />
      ) : (
        <Stack gap="xs">
          {list.map((deal) => (
            <DealCard key={deal.id} deal={deal} />
          ))}
          {list.length === 0 && (
            <Text size="xs" c="dimmed" ta="center" py="md">
              {t('deals.emptyStage')}
            </Text>
          )}
          {more && (
            <Text size="xs" c="dimmed" ta="center">
              {t('deals.more', { count: columnLimit })}
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}

export function PipelineBoard({ pipeline }: { pipeline: Pipeline }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const move = useMoveDeal(pipeline.id);
  const totals = usePipelineTotals(pipeline.id);
  const figures = useMemo(
    () => new Map((totals.data?.data ?? []).map((column) => [column.stageId, column])),
    [totals.data],
  );
  const [active, setActive] = useState<Deal | null>(null);
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    // A long press, so a finger can still scroll the board sideways on a phone.
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnCoordinates }),
  );
  const stageName = useCallback(
    (id: unknown) => pipeline.stages.find((s) => s.id === id)?.name ?? '',
    [pipeline.stages],
  );
  const titleOf = (data: unknown) => (data as { deal?: Deal } | undefined)?.deal?.title ?? '';

  const announcements: Announcements = {
    onDragStart: ({ active: a }) => t('deals.dnd.picked', { title: titleOf(a.data.current) }),
    onDragOver: ({ active: a, over }) =>
      over
        ? t('deals.dnd.over', { title: titleOf(a.data.current), stage: stageName(over.id) })
        : t('deals.dnd.outside', { title: titleOf(a.data.current) }),
    onDragEnd: ({ active: a, over }) =>
      over
        ? t('deals.dnd.dropped', { title: titleOf(a.data.current), stage: stageName(over.id) })
        : t('deals.dnd.cancelled', { title: titleOf(a.data.current) }),
    onDragCancel: ({ active: a }) => t('deals.dnd.cancelled', { title: titleOf(a.data.current) }),
  };

  const onDragStart = ({ active: a }: DragStartEvent) => setActive((a.data.current as { deal: Deal }).deal);
  const onDragEnd = ({ active: a, over }: DragEndEvent) => {
    setActive(null);
    const deal = (a.data.current as { deal: Deal }).deal;
    const to = pipeline.stages.find((s) => s.id === over?.id);
    if (!to || to.id === deal.stageId) return;
    move.mutate(
      { deal, to },
      {
        onError: (error) =>
          notifications.show({
            color: 'red',
            title: t('deals.moveFailed', { title: deal.title }),
            message: errorMessage(error),
          }),
      },
    );
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setActive(null)}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('deals.dnd.instructions') } }}
    >
      <ScrollArea type="auto" offsetScrollbars data-testid="pipeline-board">
        <Group align="flex-start" wrap="nowrap" gap="sm" pb="sm">
          {pipeline.stages.map((stage) => (
            <StageColumn
              key={stage.id}
              pipeline={pipeline}
              stage={stage}
              figures={figures.get(stage.id) ?? (totals.data ? empty(stage.id) : undefined)}
            />
          ))}
        </Group>
      </ScrollArea>
      <DragOverlay dropAnimation={null}>
        {active && (
          <Box w={columnWidth - 24}>
            <Paper withBorder shadow="md" p="sm" style={{ cursor: 'grabbing' }}>
              <DealCardBody deal={active} />
            </Paper>
          </Box>
        )}
      </DragOverlay>
    </DndContext>
  );
}
