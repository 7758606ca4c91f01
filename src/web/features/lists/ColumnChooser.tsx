// The column chooser: a checkbox per column, in the list's own order; at least one stays.
import { memo } from 'react';
import { Button, Checkbox, Popover, ScrollArea, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface ColumnChooserProps {
  all: Array<{ key: string; label: string }>;
  chosen: string[];
  onToggle(key: string): void;
  onReset(): void;
}

export const ColumnChooser = memo(function ColumnChooser({ all, chosen, onToggle, onReset }: ColumnChooserProps) {
  const { t } = useTranslation();
  return (
    <Popover position="bottom-end" shadow="md" width={240} withinPortal trapFocus>
      <Popover.Target>
        <Button variant="default" data-testid="column-chooser">
          {t('lists.columns.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <ScrollArea.Autosize mah={360} type="auto">
          <Stack gap={8} role="group" aria-label={t('lists.columns.label')} data-testid="column-list" pr="sm">
            {all.map((column) => {
              const checked = chosen.includes(column.key);
              return (
                <Checkbox
                  key={column.key}
                  label={column.label}
                  checked={checked}
                  size="sm"
                  disabled={checked && chosen.length === 1}
                  onChange={() => onToggle(column.key)}
                />
              );
            })}
          </Stack>
        </ScrollArea.Autosize>
        <Button variant="subtle" size="compact-sm" mt="sm" onClick={onReset}>
          {t('lists.columns.reset')}
        </Button>
      </Popover.Dropdown>
    </Popover>
  );
});
