// The app's own date and date-time fields (Mantine DateInput): typed in the user's format
// ("31.12.2026 09:30" in German), a calendar in the user's language starting on Monday, and
// shortcuts for the days people pick most (today, tomorrow, next week).
import '@mantine/dates/styles.css';
import 'dayjs/locale/de';
import { DateInput, DatesProvider, type DateStringValue } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/index.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { dateFormat, parseTyped, shortcutDay, shortcuts, timeFormat } from './dates.ts';

interface FieldProps {
  label: string;
  error?: string;
  onBlur?: () => void;
  required?: boolean;
  /** Without today/tomorrow/next week (a birthday is not picked that way). */
  noShortcuts?: boolean;
  'data-testid'?: string;
}

function Field({
  value,
  onChange,
  withTime,
  noShortcuts,
  ...props
}: FieldProps & { value: DateStringValue | null; onChange(value: DateStringValue | null): void; withTime: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  const format = withTime ? `${dateFormat(locale)} ${timeFormat(locale)}` : dateFormat(locale);
  // A shortcut keeps the time already chosen (or 09:00): it picks a day.
  const time = withTime ? value?.slice(11, 19) || '09:00:00' : '';
  return (
    <DatesProvider settings={{ locale: currentLanguage(i18n.language), firstDayOfWeek: 1 }}>
      <DateInput
        {...props}
        value={value}
        onChange={onChange}
        valueFormat={format}
        withTime={withTime}
        dateParser={(text) =>
          parseTyped(text, locale, withTime)?.format(withTime ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD') ?? null
        }
        clearable
        presets={(noShortcuts ? [] : shortcuts).map((which) => ({
          value: withTime ? `${shortcutDay(which)} ${time}` : shortcutDay(which),
          label: t(`forms.dates.${which}`),
        }))}
      />
    </DatesProvider>
  );
}

/** A calendar day; value and onChange as the form keeps it: 'YYYY-MM-DD' or ''. */
export function DateField({
  value,
  onChange,
  ...props
}: FieldProps & { value: string; onChange(value: string): void }) {
  return <Field {...props} withTime={false} value={value || null} onChange={(day) => onChange(day ?? '')} />;
}

/** A day and time in the browser's time zone; value and onChange as 'YYYY-MM-DDTHH:mm' or ''. */
export function DateTimeField({
  value,
  onChange,
  ...props
}: FieldProps & { value: string; onChange(value: string): void }) {
  return (
    <Field
      {...props}
      withTime
      value={value ? `${value.replace('T', ' ')}:00` : null}
      onChange={(moment) => onChange(moment ? moment.slice(0, 16).replace(' ', 'T') : '')}
    />
  );
}
