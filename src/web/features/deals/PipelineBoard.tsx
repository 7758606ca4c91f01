// The board of one pipeline: a column per stage with count, total and weighted total, deal
// cards that move between columns with the mouse, a finger (long press) or the keyboard
// (Space to pick up, arrows to move from column to column, Space to drop, Escape to cancel).
// A card dropped on a lost stage asks for the reason first; a closed card can be reopened.
// Cards show company, owner and what needs attention: a passed close date, no next task.
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
import { Anchor, Badge, Box, Button, Center, Group, Loader, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Deal } from '../../../contract/deals.ts';
import type { Pipeline, Stage } from '../../../contract/pipelines.ts';
import { formatDate, formatMoney } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { ErrorState, useErrorMessage } from '../../ui/states.tsx';
import { useUserName } from '../record/recordApi.ts';
import {
  type BoardFilters,
  columnLimit,
  useMoveDeal,
  usePipelineTotals,
  useReopenDeal,
  useStageDeals,
} from './dealsData.ts';
import type { PipelineTotals } from '../../../contract/deals.ts';
import { showLostNotice, useLostReasonQuestion } from './LostReasonDialog.tsx';
import { dealWarnings } from './dealWarnings.ts';

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
  const userName = useUserName();
  const owner = userName(deal.ownerId);
  const warnings = dealWarnings(deal);
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
      {deal.companyName && (
        <Text size="xs" c="dimmed" truncate data-testid="deal-card-company">
          {deal.companyName}
        </Text>
      )}
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" data-testid="deal-amount">
          {deal.amount ? formatMoney(deal.amount, locale) : '–'}
        </Text>
        {deal.expectedCloseDate && (
          <Text
            size="xs"
            c={warnings.overdue ? 'orange.8' : 'dimmed'}
            title={t('deals.expectedClose')}
            data-testid="deal-card-close"
          >
            {formatDate(deal.expectedCloseDate, locale)}
          </Text>
        )}
      </Group>
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Text size="xs" c="dimmed" truncate data-testid="deal-card-owner">
          {owner ?? t('deals.card.noOwner')}
        </Text>
        {deal.status === 'lost' && (
          <Badge size="xs" color="gray" variant="light">
            {t('deals.card.lost')}
          </Badge>
        )}
        {deal.status === 'won' && (
          <Badge size="xs" color="green" variant="light">
            {t('deals.card.won')}
          </Badge>
        )}
      </Group>
      {(warnings.overdue || warnings.noNextTask) && (
        <Group gap={4} data-testid="deal-card-warnings">
          {warnings.overdue && (
            <Badge size="xs" color="orange" variant="light" data-testid="warning-overdue">
              {t('deals.card.overdue')}
            </Badge>
          )}
          {warnings.noNextTask && (
            <Badge size="xs" color="yellow" variant="light" data-testid="warning-no-task">
              {t('deals.card.noNextTask')}
            </Badge>
          )}
        </Group>
      )}
    </Stack>
  );
}

/** "Reopen" on a won or lost card: back to the open stage the deal left. */
function ReopenButton({ deal }: { deal: Deal }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const reopen = useReopenDeal();
  return (
    <Button
      size="compact-xs"
      variant="subtle"
      mt={4}
      loading={reopen.isPending}
      data-testid="card-reopen"
      // The button must not start a drag of its card.
      onPointerDown={(event) => event.stopPropagation()}
      onKeyDown={(event) => event.stopPropagation()}
      onClick={() =>
        reopen.mutate(deal, {
          onSuccess: (saved) =>
            notifications.show({ color: 'blue', message: t('deals.reopened', { title: saved.title }) }),
          onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
        })
      }
    >
      {t('deals.reopen')}
    </Button>
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
      {deal.status !== 'open' && <ReopenButton deal={deal} />}
    </Paper>
  );
}

type ColumnFigures = PipelineTotals['data'][number];
/** A stage the totals leave out: it has no deals. */
const empty = (stageId: string): ColumnFigures => ({ stageId, count: 0, totals: [] });

/** The figures of the cards shown, for a search (the server's figures do not search). */
function figuresOf(stageId: string, deals: Deal[]): ColumnFigures {
  const cents = new Map<string, { amount: number; weighted: number }>();
  for (const deal of deals) {
    if (!deal.amount) continue;
    const sum = cents.get(deal.amount.currency) ?? { amount: 0, weighted: 0 };
    const amount = Math.round(Number(deal.amount.amount) * 100);
    sum.amount += amount;
    sum.weighted += Math.round((amount * deal.probability) / 100);
    cents.set(deal.amount.currency, sum);
  }
  const text = (c: number) => (c / 100).toFixed(2);
  return {
    stageId,
    count: deals.length,
    totals: [...cents]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, sum]) => ({ currency, amount: text(sum.amount), weighted: text(sum.weighted) })),
  };
}

function StageColumn({
  pipeline,
  stage,
  figures: serverFigures,
  filters,
}: {
  pipeline: Pipeline;
  stage: Stage;
  figures: ColumnFigures | undefined;
  filters: BoardFilters;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const deals = useStageDeals(pipeline.id, stage, filters);
  const { setNodeRef, isOver } = useDroppable({ id: stage.id, data: { stage } });
  const list = deals.data?.data ?? [];
  const figures = filters.q.trim() && deals.data ? figuresOf(stage.id, list) : serverFigures;
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

export function PipelineBoard({ pipeline, filters }: { pipeline: Pipeline; filters: BoardFilters }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const move = useMoveDeal(pipeline.id, filters);
  const totals = usePipelineTotals(pipeline.id, filters);
  const lostReason = useLostReasonQuestion();
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
  const failed = (deal: Deal) => (error: Error) =>
    notifications.show({
      color: 'red',
      title: t('deals.moveFailed', { title: deal.title }),
      message: errorMessage(error),
    });
  const onDragEnd = async ({ active: a, over }: DragEndEvent) => {
    setActive(null);
    const deal = (a.data.current as { deal: Deal }).deal;
    const to = pipeline.stages.find((s) => s.id === over?.id);
    if (!to || to.id === deal.stageId) return;
    if (to.kind !== 'lost') {
      move.mutate({ deal, to }, { onError: failed(deal) });
      return;
    }
    const from = pipeline.stages.find((s) => s.id === deal.stageId);
    const choice = await lostReason.ask(deal.title);
    if (!choice) return;
    move.mutate(
      { deal, to, extra: choice },
      {
        onError: failed(deal),
        onSuccess: (saved) =>
          showLostNotice(t, saved.title, () => {
            if (from) move.mutate({ deal: saved, to: from }, { onError: failed(saved) });
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
              filters={filters}
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
      {lostReason.dialog}
    </DndContext>
  );
}
