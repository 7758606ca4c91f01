// An address field of a new message (To, Cc, Bcc): addresses as tags, typed or picked from the
// suggestions (the emails of the contact, company or deal one writes from).
import { TagsInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { parseAddress } from './compose.ts';

/** The typed entries that are no address. */
export const invalidAddresses = (entries: string[]) => entries.filter((entry) => !parseAddress(entry));

export function AddressField({
  label,
  value,
  onChange,
  suggestions,
  error,
  testId,
  autoFocus,
}: {
  label: string;
  value: string[];
  onChange(value: string[]): void;
  suggestions: string[];
  error?: string | null;
  testId: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const wrong = invalidAddresses(value);
  return (
    <TagsInput
      label={label}
      value={value}
      onChange={onChange}
      data={suggestions.filter((entry) => !value.includes(entry))}
      splitChars={[',', ';']}
      clearable
      autoFocus={autoFocus}
      error={wrong.length ? t('emails.compose.invalidAddress', { addresses: wrong.join(', ') }) : error || undefined}
      comboboxProps={{ withinPortal: true, zIndex: 500 }}
      wrapperProps={{ 'data-testid': testId }}
    />
  );
}
