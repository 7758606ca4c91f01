// The calendar's settings for admins: whose public holidays it shows (Germany as a whole, a
// German state, Austria or Switzerland).
import { ActionIcon, Popover, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { calendarKeys } from './calendarApi.ts';

export const holidayRegions = [
  'DE',
  'DE-BW',
  'DE-BY',
  'DE-BE',
  'DE-BB',
  'DE-HB',
  'DE-HH',
  'DE-HE',
  'DE-MV',
  'DE-NI',
  'DE-NW',
  'DE-RP',
  'DE-SL',
  'DE-SN',
  'DE-ST',
  'DE-SH',
  'DE-TH',
  'AT',
  'CH',
] as const;

export function CalendarSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const settings = useQuery({
    queryKey: calendarKeys.settings,
    queryFn: ({ signal }) => api<{ holidayRegion: string }>('/calendar/settings', { signal }),
  });
  const save = useMutation({
    mutationFn: (holidayRegion: string) =>
      api<{ holidayRegion: string }>('/calendar/settings', { method: 'PATCH', body: { holidayRegion } }),
    onSuccess: (saved) => {
      queryClient.setQueryData(calendarKeys.settings, saved);
      void queryClient.invalidateQueries({ queryKey: ['calendar', 'holidays'] });
    },
  });
  const current = settings.data?.holidayRegion ?? null;
  const data: Array<{ value: string; label: string }> = holidayRegions.map((region) => ({
    value: region,
    label: t(`calendar.regions.${region}`),
  }));
  // A region set through the API that the list does not name still shows.
  if (current && !data.some((entry) => entry.value === current)) data.push({ value: current, label: current });
  return (
    <Popover position="bottom-end" width={300} shadow="md" withArrow>
      <Popover.Target>
        <ActionIcon
          variant="default"
          size="lg"
          aria-label={t('calendar.settings.title')}
          data-testid="calendar-settings"
        >
          ⚙
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {t('calendar.settings.title')}
          </Text>
          <Select
            label={t('calendar.settings.region')}
            description={t('calendar.settings.regionHint')}
            data={data}
            value={current}
            allowDeselect={false}
            searchable
            disabled={settings.isPending || save.isPending}
            onChange={(region) => region && save.mutate(region)}
            comboboxProps={{ withinPortal: false }}
            error={
              save.isError ? errorMessage(save.error) : settings.isError ? errorMessage(settings.error) : undefined
            }
            data-testid="holiday-region"
          />
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
