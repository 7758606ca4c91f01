// The repeated contact data of contacts and companies (contract common.ts): emails, phones
// and postal addresses as rows to add and remove, each with a label and a primary flag.
import type { ReactNode } from 'react';
import {
  ActionIcon,
  Autocomplete,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../ui/useLocale.ts';

export interface EmailRow {
  email: string;
  label: string;
  primary: boolean;
}
export interface PhoneRow {
  number: string;
  label: string;
  primary: boolean;
}
export interface AddressRow {
  street: string;
  postalCode: string;
  city: string;
  region: string;
  country: string;
  label: string;
  primary: boolean;
}

export interface ContactData {
  emails: EmailRow[];
  phones: PhoneRow[];
  addresses: AddressRow[];
}

interface ApiContactData {
  emails: Array<{ email: string; label?: string | null; primary?: boolean }>;
  phones: Array<{ number: string; label?: string | null; primary?: boolean }>;
  addresses: Array<{
    street?: string | null;
    postalCode?: string | null;
    city?: string | null;
    region?: string | null;
    country?: string | null;
    label?: string | null;
    primary?: boolean;
  }>;
}

const nullIfBlank = (value: string) => (value.trim() === '' ? null : value);

/** Rows for the form from a record as the API shows it (phones without their e164). */
export function contactDataRows(record: ApiContactData | null): ContactData {
  return {
    emails: (record?.emails ?? []).map((e) => ({ email: e.email, label: e.label ?? '', primary: e.primary ?? false })),
    phones: (record?.phones ?? []).map((p) => ({
      number: p.number,
      label: p.label ?? '',
      primary: p.primary ?? false,
    })),
    addresses: (record?.addresses ?? []).map((a) => ({
      street: a.street ?? '',
      postalCode: a.postalCode ?? '',
      city: a.city ?? '',
      region: a.region ?? '',
      country: a.country ?? '',
      label: a.label ?? '',
      primary: a.primary ?? false,
    })),
  };
}

/** The rows as the API accepts them. */
export function contactDataBody(rows: ContactData) {
  return {
    emails: rows.emails.map((e) => ({ email: e.email.trim(), label: nullIfBlank(e.label), primary: e.primary })),
    phones: rows.phones.map((p) => ({ number: p.number, label: nullIfBlank(p.label), primary: p.primary })),
    addresses: rows.addresses.map((a) => ({
      street: nullIfBlank(a.street),
      postalCode: nullIfBlank(a.postalCode),
      city: nullIfBlank(a.city),
      region: nullIfBlank(a.region),
      country: nullIfBlank(a.country),
      label: nullIfBlank(a.label),
      primary: a.primary,
    })),
  };
}

const countries = [
  'DE',
  'AT',
  'CH',
  'LI',
  'LU',
  'NL',
  'BE',
  'FR',
  'IT',
  'ES',
  'PL',
  'CZ',
  'DK',
  'SE',
  'NO',
  'FI',
  'GB',
  'IE',
  'US',
];

interface FieldProps {
  error(path: string): string | undefined;
  touch(path: string): void;
}

interface RowsProps<K extends keyof ContactData> extends FieldProps {
  name: K;
  rows: ContactData[K];
  onChange(rows: ContactData[K]): void;
  defaultCountry: string;
}

/** Only one entry can be primary: ticking one unticks the others. */
function withPrimary<T extends { primary: boolean }>(rows: T[], index: number, primary: boolean): T[] {
  return rows.map((row, i) => ({ ...row, primary: i === index ? primary : primary ? false : row.primary }));
}

function RowFrame({
  children,
  onRemove,
  removeLabel,
  primary,
  onPrimary,
  primaryLabel,
}: {
  children: ReactNode;
  onRemove(): void;
  removeLabel: string;
  primary: boolean;
  onPrimary(value: boolean): void;
  primaryLabel: string;
}) {
  return (
    <Group align="flex-end" gap="xs" wrap="wrap" data-testid="contact-data-row">
      {children}
      <Checkbox label={primaryLabel} checked={primary} onChange={(e) => onPrimary(e.currentTarget.checked)} mb={8} />
      <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={removeLabel} mb={4}>
        <span aria-hidden>✕</span>
      </ActionIcon>
    </Group>
  );
}

function Rows<K extends keyof ContactData>({ name, rows, onChange, error, touch, defaultCountry }: RowsProps<K>) {
  const { t } = useTranslation();
  const locale = useLocale();
  const list = rows as Array<EmailRow | PhoneRow | AddressRow>;
  const update = (index: number, patch: Record<string, string | boolean>) =>
    onChange(list.map((row, i) => (i === index ? { ...row, ...patch } : row)) as ContactData[K]);
  const remove = (index: number) => onChange(list.filter((_, i) => i !== index) as ContactData[K]);
  const add = () => {
    const empty =
      name === 'emails'
        ? { email: '', label: '', primary: list.length === 0 }
        : name === 'phones'
          ? { number: '', label: '', primary: list.length === 0 }
          : {
              street: '',
              postalCode: '',
              city: '',
              region: '',
              country: defaultCountry,
              label: '',
              primary: list.length === 0,
            };
    onChange([...list, empty] as ContactData[K]);
  };
  const regionNames = new Intl.DisplayNames([locale], { type: 'region' });
  const countryOptions = countries.map((code) => ({ value: code, label: `${regionNames.of(code) ?? code} (${code})` }));
  const labelSuggestions = ['work', 'home', 'mobile', 'office', 'billing', 'delivery'].map((key) =>
    t(`forms.labels.${key}`),
  );
  const text = (index: number, key: string, label: string, props: Record<string, unknown> = {}) => {
    const path = `${name}.${index}.${key}`;
    const value = (list[index] as unknown as Record<string, string>)[key] ?? '';
    return (
      <TextInput
        key={key}
        label={label}
        value={value}
        error={error(path)}
        onBlur={() => touch(path)}
        onChange={(e) => update(index, { [key]: e.currentTarget.value })}
        {...props}
      />
    );
  };

  return (
    <Fieldset legend={t(`forms.contactData.${name}`)} data-testid={`rows-${name}`}>
      <Stack gap="sm">
        {list.length === 0 && (
          <Text size="sm" c="dimmed">
            {t(`forms.contactData.none.${name}`)}
          </Text>
        )}
        {list.map((row, index) => (
          <RowFrame
            // biome-ignore lint/suspicious/noArrayIndexKey: the rows are edited in place and have no id; the position is what identifies one
            key={index}
            primary={row.primary}
            onPrimary={(primary) => onChange(withPrimary(list, index, primary) as ContactData[K])}
            primaryLabel={t('forms.contactData.primary')}
            onRemove={() => remove(index)}
            removeLabel={t(`forms.contactData.remove.${name}`, { number: index + 1 })}
          >
            {name === 'emails' &&
              text(index, 'email', t('forms.contactData.email'), { type: 'email', style: { flex: '2 1 220px' } })}
            {name === 'phones' &&
              text(index, 'number', t('forms.contactData.phone'), { type: 'tel', style: { flex: '2 1 180px' } })}
            {name === 'addresses' && (
              <>
                {text(index, 'street', t('forms.contactData.street'), { style: { flex: '3 1 240px' } })}
                {text(index, 'postalCode', t('forms.contactData.postalCode'), { style: { flex: '1 1 100px' } })}
                {text(index, 'city', t('forms.contactData.city'), { style: { flex: '2 1 160px' } })}
                <Select
                  label={t('forms.contactData.country')}
                  data={countryOptions}
                  searchable
                  clearable
                  value={(row as AddressRow).country || null}
                  onChange={(value) => update(index, { country: value ?? '' })}
                  error={error(`${name}.${index}.country`)}
                  style={{ flex: '2 1 180px' }}
                />
              </>
            )}
            <Autocomplete
              label={t('forms.contactData.label')}
              data={labelSuggestions}
              value={row.label}
              onChange={(value) => update(index, { label: value })}
              error={error(`${name}.${index}.label`)}
              style={{ flex: '1 1 120px' }}
            />
          </RowFrame>
        ))}
        {error(name) && (
          <Text size="sm" c="red">
            {error(name)}
          </Text>
        )}
        <Group>
          <Button variant="light" size="xs" onClick={add}>
            {t(`forms.contactData.add.${name}`)}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}

export function ContactDataFields({
  value,
  onChange,
  defaultCountry,
  ...field
}: FieldProps & {
  value: ContactData;
  onChange<K extends keyof ContactData>(name: K, rows: ContactData[K]): void;
  defaultCountry: string;
}) {
  return (
    <>
      <Rows
        name="emails"
        rows={value.emails}
        onChange={(rows) => onChange('emails', rows)}
        defaultCountry={defaultCountry}
        {...field}
      />
      <Rows
        name="phones"
        rows={value.phones}
        onChange={(rows) => onChange('phones', rows)}
        defaultCountry={defaultCountry}
        {...field}
      />
      <Rows
        name="addresses"
        rows={value.addresses}
        onChange={(rows) => onChange('addresses', rows)}
        defaultCountry={defaultCountry}
        {...field}
      />
    </>
  );
}
