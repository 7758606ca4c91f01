// The details of a repetition in the appointment form: the weekdays of a weekly one, and when
// it ends (never, after a number of times, on a day).
import { Chip, Group, NumberInput, Select, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../ui/useLocale.ts';
import { DateField } from '../forms/DateFields.tsx';
import { endings, type Recurrence, type Weekday, weekdays } from './recurrence.ts';

export function RepeatDetails({ recurrence, onChange }: { recurrence: Recurrence; onChange(next: Recurrence): void }) {
  const { t } = useTranslation();
  // 30 November 2026 is a Monday: the week's days named in the user's language.
  const weekdayName = new Intl.DateTimeFormat(useLocale(), { weekday: 'short' });
  return (
    <>
      {(recurrence.frequency === 'weekly' || recurrence.frequency === 'biweekly') && (
        <Chip.Group
          multiple
          value={recurrence.days}
          onChange={(days) => onChange({ ...recurrence, days: days as Weekday[] })}
        >
          <Group gap={6} data-testid="appointment-weekdays" aria-label={t('calendar.form.weekdays')} role="group">
            {weekdays.map((day, index) => (
              <Chip key={day} value={day} size="xs">
                {weekdayName.format(new Date(2026, 10, 30 + index))}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}
      {recurrence.frequency !== 'none' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t('calendar.form.repeatEnds')}
            data={endings.map((e) => ({ value: e, label: t(`calendar.repeatEnd.${e}`) }))}
            value={recurrence.ending}
            allowDeselect={false}
            onChange={(e) => e && onChange({ ...recurrence, ending: e as Recurrence['ending'] })}
            data-testid="appointment-repeat-end"
          />
          {recurrence.ending === 'count' && (
            <NumberInput
              label={t('calendar.form.repeatCount')}
              min={1}
              max={999}
              value={recurrence.count}
              onChange={(count) => onChange({ ...recurrence, count: Number(count) || 1 })}
              data-testid="appointment-repeat-count"
            />
          )}
          {recurrence.ending === 'until' && (
            <DateField
              label={t('calendar.form.repeatUntil')}
              value={recurrence.until}
              onChange={(until) => onChange({ ...recurrence, until })}
              noShortcuts
            />
          )}
        </SimpleGrid>
      )}
    </>
  );
}
