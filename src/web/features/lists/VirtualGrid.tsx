// The rows of a list as an ARIA grid: only the rows in view are in the DOM (react-virtual),
// the next page is asked for as the user nears the end, rows are focusable (arrows, Home/End,
// Page Up/Down move; Enter opens; Space selects), headers sort, checkboxes select with
// shift-click ranges. Divs with grid roles rather than a <table>: rows are positioned
// absolutely as they scroll into view, which table layout does not allow; one cell at a time
// is focusable (a roving tabindex), as the ARIA grid pattern says (biome.json lets the a11y
// rules that ask for table elements and focusable rows stand aside here).
import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { Checkbox, Loader, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CellContext, ColumnDef, ListRecord } from './listTypes.ts';
import { sortDirection } from './listState.ts';
import classes from './VirtualGrid.module.css';

export interface GridColumn extends ColumnDef {
  label: string;
  cell(record: ListRecord): ReactNode;
}

interface GridProps {
  testId: string;
  label: string;
  records: ListRecord[];
  columns: GridColumn[];
  /** The column that links to the record (first on a phone). */
  primary: string;
  href(record: ListRecord): string;
  onOpen(record: ListRecord): void;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): void;
  sort: string | null;
  onSort(column: GridColumn): void;
  selectable: boolean;
  selected: ReadonlySet<string>;
  onSelect(ids: string[], on: boolean): void;
  /** Phone width: one stacked cell per row. */
  compact: boolean;
  context: CellContext;
}

const checkboxWidth = 44;
/** Rows before the end of what is loaded at which the next page is asked for. */
const prefetchRows = 40;

export function VirtualGrid(props: GridProps) {
  const { records, columns, compact, hasMore, loadingMore, loadMore, selectable, selected, onSelect } = props;
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusIndex = useRef(0);
  const pendingFocus = useRef<number | null>(null);
  const anchor = useRef<number | null>(null);
  const rowHeight = compact ? 72 : 42;
  const count = records.length + (hasMore ? 1 : 0);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 6,
    getItemKey: (index) => records[index]?.id ?? 'more',
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: rows of another height (compact or not) must be measured again
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= records.length - prefetchRows) loadMore();
  }, [hasMore, loadingMore, lastIndex, records.length, loadMore]);

  const visible = useMemo(
    () => (compact ? columns.filter((c) => c.key === props.primary).slice(0, 1) : columns),
    [compact, columns, props.primary],
  );
  const secondary = useMemo(
    () => (compact ? columns.filter((c) => c.key !== props.primary).slice(0, 2) : []),
    [compact, columns, props.primary],
  );
  const width = (selectable ? checkboxWidth : 0) + visible.reduce((sum, c) => sum + c.width, 0);

  const moveFocus = useCallback(
    (index: number) => {
      const target = Math.max(0, Math.min(records.length - 1, index));
      focusIndex.current = target;
      pendingFocus.current = target;
      virtualizer.scrollToIndex(target, { align: 'auto' });
      const row = scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${target}"]`);
      if (row) {
        pendingFocus.current = null;
        row.focus({ preventScroll: true });
      }
    },
    [records.length, virtualizer],
  );

  // A row scrolled into view by the keyboard is focused once it is rendered.
  useEffect(() => {
    if (pendingFocus.current === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${pendingFocus.current}"]`);
    if (row) {
      pendingFocus.current = null;
      row.focus({ preventScroll: true });
    }
  });

  // Read through refs: the callback stays the same when a page arrives or the selection
  // changes, so the memoised rows do not all render again.
  const latest = useRef({ records, selected, onSelect });
  latest.current = { records, selected, onSelect };
  const toggle = useCallback((index: number, shift: boolean) => {
    const { records: all, selected: chosen, onSelect: select } = latest.current;
    const record = all[index];
    if (!record) return;
    const on = !chosen.has(record.id);
    if (shift && anchor.current !== null) {
      const [from, to] = anchor.current < index ? [anchor.current, index] : [index, anchor.current];
      select(
        all.slice(from, to + 1).map((r) => r.id),
        on,
      );
    } else {
      select([record.id], on);
    }
    anchor.current = index;
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (target.getAttribute('role') !== 'row' || !target.dataset.rowIndex) return;
    const index = Number(target.dataset.rowIndex);
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: records.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      moveFocus(moves[event.key]);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (records[index]) props.onOpen(records[index]);
    } else if (event.key === ' ' && selectable) {
      event.preventDefault();
      toggle(index, event.shiftKey);
    }
  };

  // Roving tab stop: the last focused row, or the first rendered one when it scrolled away.
  const wanted = Math.min(focusIndex.current, records.length - 1);
  const tabRow = items.some((item) => item.index === wanted)
    ? wanted
    : (items.find((item) => item.index < records.length)?.index ?? 0);

  const onFocusRow = useCallback((index: number) => {
    focusIndex.current = index;
  }, []);

  const allSelected = useMemo(
    () => records.length > 0 && selected.size >= records.length && records.every((r) => selected.has(r.id)),
    [records, selected],
  );
  const someSelected = !allSelected && selected.size > 0;

  return (
    <div
      ref={scrollRef}
      className={classes.scroller}
      role="grid"
      aria-label={props.label}
      aria-rowcount={hasMore ? -1 : records.length + 1}
      aria-multiselectable={selectable || undefined}
      data-testid={props.testId}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className={classes.head} style={{ width, minWidth: '100%' }}>
        <div role="row" aria-rowindex={1} className={classes.headRow}>
          {selectable && (
            <div role="columnheader" className={classes.checkCell} style={{ width: checkboxWidth }}>
              <Checkbox
                size="xs"
                aria-label={t('lists.selectAllLoaded')}
                data-testid="select-all"
                checked={allSelected}
                indeterminate={someSelected}
                onChange={() =>
                  onSelect(
                    records.map((r) => r.id),
                    !allSelected,
                  )
                }
              />
            </div>
          )}
          {visible.map((column) => {
            const direction = sortDirection(props.sort, column.sortBy);
            return (
              <div
                key={column.key}
                role="columnheader"
                aria-sort={column.sortBy ? direction : undefined}
                className={classes.headCell}
                style={compact ? { flex: 1 } : { width: column.width }}
                data-column={column.key}
              >
                {column.sortBy ? (
                  <UnstyledButton
                    className={classes.sortButton}
                    onClick={() => props.onSort(column)}
                    title={t('lists.sortBy', { column: column.label })}
                    data-sortable
                  >
                    {column.label}
                    {direction === 'none' ? (
                      <span aria-hidden className={classes.arrowIdle}>
                        ↕
                      </span>
                    ) : (
                      <span aria-hidden className={classes.arrow}>
                        {direction === 'ascending' ? '▲' : '▼'}
                      </span>
                    )}
                  </UnstyledButton>
                ) : (
                  column.label
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div
        role="rowgroup"
        style={{ height: virtualizer.getTotalSize(), width, minWidth: '100%', position: 'relative' }}
      >
        {items.map((item) => {
          const record = records[item.index];
          if (!record) {
            const style: CSSProperties = { height: rowHeight, transform: `translateY(${item.start}px)` };
            return (
              <div key={item.key} role="row" aria-rowindex={item.index + 2} className={classes.row} style={style}>
                <div role="gridcell" className={classes.moreCell}>
                  <Loader size="xs" />
                  <Text size="sm" c="dimmed">
                    {t('lists.loadingMore')}
                  </Text>
                </div>
              </div>
            );
          }
          return (
            <Row
              key={item.key}
              index={item.index}
              record={record}
              start={item.start}
              height={rowHeight}
              columns={visible}
              secondary={secondary}
              primary={props.primary}
              href={props.href(record)}
              selectable={selectable}
              selected={selected.has(record.id)}
              focusable={item.index === tabRow}
              onToggle={toggle}
              onFocusRow={onFocusRow}
              selectLabel={t('lists.selectRow')}
              compact={compact}
            />
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  index: number;
  record: ListRecord;
  start: number;
  height: number;
  columns: GridColumn[];
  secondary: GridColumn[];
  primary: string;
  href: string;
  selectable: boolean;
  selected: boolean;
  focusable: boolean;
  onToggle(index: number, shift: boolean): void;
  onFocusRow(index: number): void;
  selectLabel: string;
  compact: boolean;
}

/**
 * One row; memoised with plain props (no objects made per render), so scrolling renders
 * only the rows that come into view, and with plain elements, which render fast.
 */
const Row = memo(function Row({
  index,
  record,
  start,
  height,
  columns,
  secondary,
  primary,
  href,
  selectable,
  selected,
  focusable,
  onToggle,
  onFocusRow,
  selectLabel,
  compact,
}: RowProps) {
  const cellOf = (column: GridColumn) => {
    const content = column.cell(record);
    return column.key === primary ? (
      <Link to={href} className={classes.primaryLink} tabIndex={-1}>
        {content || '—'}
      </Link>
    ) : (
      content
    );
  };
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selectable ? selected : undefined}
      data-row-index={index}
      data-selected={selected || undefined}
      tabIndex={focusable ? 0 : -1}
      className={classes.row}
      style={{ height, transform: `translateY(${start}px)` }}
      onFocus={(event) => {
        if (event.target === event.currentTarget) onFocusRow(index);
      }}
    >
      {selectable && (
        <div role="gridcell" className={classes.checkCell} style={{ width: checkboxWidth }}>
          <input
            type="checkbox"
            className={classes.checkbox}
            tabIndex={-1}
            aria-label={selectLabel}
            checked={selected}
            onChange={() => {}}
            onClick={(event: MouseEvent<HTMLInputElement>) => onToggle(index, event.shiftKey)}
          />
        </div>
      )}
      {columns.map((column) => (
        <div
          key={column.key}
          role="gridcell"
          data-column={column.key}
          className={compact ? classes.stackCell : classes.cell}
          style={compact ? undefined : { width: column.width }}
        >
          <div className={classes.ellipsis}>{cellOf(column)}</div>
          {secondary.map((other) => {
            const value = other.cell(record);
            return value ? (
              <div key={other.key} className={classes.secondary}>
                {value}
              </div>
            ) : null;
          })}
        </div>
      ))}
    </div>
  );
});
