// Caller identification: /lookup?phone=… or ?email=…, the URL a softphone or mail client opens,
// or a number or address typed into the page's own field (which puts it into the URL). One
// matching contact opens directly; several matches are listed with their key facts; none offers
// to create a contact with the number or address filled in. A call logged from here is
// inbound: this page is where incoming calls arrive.
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { Anchor, Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { contactCreate, identifiedContact, type Contact } from '../../../contract/contacts.ts';
import type { LookupCompany, LookupContact } from '../../../contract/search.ts';
import { api, ApiError } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime, formatMoney } from '../../ui/format.ts';
import { formatPhone } from '../../ui/phone.ts';
import { shownName } from '../../ui/names.ts';
import { fieldErrorText } from '../../ui/problems.ts';
import { issueMessage } from '../forms/fieldErrors.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';

type Match = LookupContact | LookupCompany;

/** A record's page, set to log an inbound call (the quick entry reads ?call=inbound). */
function inboundCallPath(match: Pick<Match, 'type' | 'id'>): string {
  return `/${match.type === 'contact' ? 'contacts' : 'companies'}/${match.id}?call=inbound`;
}

function MatchCard({ match }: { match: Match }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const homeCountry = useAuth().me?.workspace.defaultCountry ?? 'DE';
  const to = `/${match.type === 'contact' ? 'contacts' : 'companies'}/${match.id}`;
  const details =
    match.type === 'contact'
      ? [match.jobTitle, ...match.companies.map((c) => c.name)].filter(Boolean).join(' · ')
      : [match.industry, match.city].filter(Boolean).join(' · ');
  return (
    <Card withBorder padding="sm" data-testid="lookup-match">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Anchor component={Link} to={to} fw={600}>
            {shownName(match.name, t)}
          </Anchor>
          {details && (
            <Text size="sm" c="dimmed">
              {details}
            </Text>
          )}
        </div>
        <Group gap="xs">
          <Badge variant="light">{t(`lookup.type.${match.type}`)}</Badge>
          <Button component={Link} to={inboundCallPath(match)} size="xs" variant="light" data-testid="lookup-log-call">
            {t('lookup.logCall')}
          </Button>
        </Group>
      </Group>
      <Group gap="md" mt="xs" wrap="wrap">
        {match.phones.map((phone) => (
          <Anchor key={phone} href={`tel:${phone}`} size="sm">
            {formatPhone(phone, homeCountry)}
          </Anchor>
        ))}
        {match.emails.map((email) => (
          <Anchor key={email} href={`mailto:${email}`} size="sm">
            {email}
          </Anchor>
        ))}
      </Group>
      <Group gap="lg" mt="xs" wrap="wrap">
        <Text size="sm">
          {t('lookup.owner')}: {match.owner?.name ?? '–'}
        </Text>
        <Text size="sm">
          {t('lookup.openDeals', { count: match.openDeals.count })}
          {match.openDeals.sum.length > 0 && ` (${match.openDeals.sum.map((m) => formatMoney(m, locale)).join(', ')})`}
        </Text>
        <Text size="sm">{t('lookup.openTasks', { count: match.openTasks })}</Text>
        <Text size="sm">
          {t('lookup.lastActivity')}:{' '}
          {match.lastActivity
            ? `${match.lastActivity.subject ?? t(`lookup.activity.${match.lastActivity.type}`, { defaultValue: match.lastActivity.type })}, ${formatDateTime(match.lastActivity.occurredAt, locale)}`
            : '–'}
        </Text>
      </Group>
    </Card>
  );
}

type FieldName = 'firstName' | 'lastName' | 'phone' | 'email';

/** The form field a zod issue or server error path ('phones.0.number', 'lastName') belongs to. */
function fieldOf(path: string): FieldName | null {
  if (path.startsWith('phones')) return 'phone';
  if (path.startsWith('emails')) return 'email';
  if (path === 'firstName' || path === 'lastName') return path;
  return null;
}

function CreateContactForm({ phone, email }: { phone: string; email: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const [values, setValues] = useState<Record<FieldName, string>>({ firstName: '', lastName: '', phone, email });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: (body: unknown) => api<Contact>('/contacts', { method: 'POST', body }),
    onSuccess: (contact) => navigate(`/contacts/${contact.id}`, { replace: true }),
    onError: (error) => {
      const fieldErrors: Partial<Record<FieldName, string>> = {};
      if (error instanceof ApiError) {
        for (const e of error.problem?.errors ?? []) {
          const field = fieldOf(e.path.replace(/^body\./, ''));
          if (field) fieldErrors[field] = fieldErrorText(e.path, e.code, t);
        }
      }
      setErrors(fieldErrors);
      setFormError(Object.keys(fieldErrors).length > 0 ? null : errorMessage(error));
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      firstName: values.firstName,
      lastName: values.lastName,
      ...(values.phone.trim() ? { phones: [{ number: values.phone.trim(), label: 'office', primary: true }] } : {}),
      ...(values.email.trim() ? { emails: [{ email: values.email.trim(), label: 'work', primary: true }] } : {}),
    };
    // The server's own schema: the same messages before the request as after it.
    const parsed = identifiedContact(contactCreate).safeParse(body);
    if (!parsed.success) {
      const fieldErrors: Partial<Record<FieldName, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = fieldOf(issue.path.join('.'));
        if (field && !fieldErrors[field]) fieldErrors[field] = issueMessage(issue, t);
      }
      setErrors(fieldErrors);
      return;
    }
    setErrors({});
    setFormError(null);
    create.mutate(body);
  };

  const field = (name: FieldName) => ({
    value: values[name],
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      const value = event.currentTarget.value;
      setValues((v) => ({ ...v, [name]: value }));
    },
    error: errors[name],
    label: t(`lookup.field.${name}`),
  });

  return (
    <Card withBorder padding="md" maw={480}>
      <form onSubmit={onSubmit} noValidate data-testid="lookup-create">
        <Stack gap="sm">
          <Title order={4}>{t('lookup.createTitle')}</Title>
          <TextInput {...field('firstName')} autoComplete="off" />
          <TextInput {...field('lastName')} autoComplete="off" data-autofocus />
          <TextInput {...field('phone')} type="tel" autoComplete="off" />
          <TextInput {...field('email')} type="email" autoComplete="off" />
          {formError && (
            <Text c="red" size="sm" role="alert">
              {formError}
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              {t('lookup.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** Which query a typed text is: an address when it has an @, a number otherwise. */
function queryOf(text: string): { phone: string } | { email: string } {
  const value = text.trim();
  return value.includes('@') ? { email: value } : { phone: value };
}

/** The server's 400 for an unreadable number or address, said in the user's language. */
function useLookupProblem() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  return (error: unknown, what: string): string => {
    const paths = error instanceof ApiError ? (error.problem?.errors ?? []).map((e) => e.path) : [];
    if (paths.includes('query.phone')) return t('lookup.invalidPhone', { what });
    if (paths.includes('query.email')) return t('lookup.invalidEmail', { what });
    return errorMessage(error);
  };
}

/** The number or address to look up; submitting puts it into the URL, so the page stays the softphone's target. */
function LookupForm({ initial, error }: { initial: string; error: string | null }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  const [text, setText] = useState(initial);
  useEffect(() => setText(initial), [initial]);
  return (
    <form
      aria-label={t('lookup.input')}
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) setParams(queryOf(text));
      }}
    >
      <Group align="flex-start" gap="xs" mb="md" wrap="nowrap" maw={560}>
        <TextInput
          style={{ flex: 1 }}
          label={t('lookup.input')}
          placeholder={t('lookup.placeholder')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          error={error}
          autoFocus={!initial}
          autoComplete="off"
          inputMode="text"
          data-testid="lookup-input"
        />
        <Button type="submit" mt={24} disabled={!text.trim()}>
          {t('lookup.find')}
        </Button>
      </Group>
    </form>
  );
}

export default function LookupPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const problem = useLookupProblem();
  // A "+" that reached us unencoded arrives as a space.
  const phone = (params.get('phone') ?? '').replace(/^\s+(?=\d)/, '+').trim();
  const email = params.get('email') ?? '';
  const asked = phone.trim() !== '' || email.trim() !== '';
  const query = useQuery({
    queryKey: ['lookup', { phone, email }],
    queryFn: ({ signal }) =>
      api<{ data: Match[] }>('/lookup', {
        query: { phone: phone || undefined, email: email.trim() || undefined },
        signal,
      }),
    enabled: asked,
    staleTime: 0,
  });
  const matches = query.data?.data ?? [];
  const contacts = matches.filter((m): m is LookupContact => m.type === 'contact');
  const what = [phone.trim(), email.trim()].filter(Boolean).join(', ');
  // A number or address the server cannot read is the field's error, not a failed page.
  const unreadable = query.error instanceof ApiError && query.error.status === 400;

  useEffect(() => {
    document.title = `${t('lookup.title')} – ${t('app.name')}`;
  }, [t]);

  // The caller is known for sure: straight to their page, set to log the incoming call; Back skips this one.
  if (contacts.length === 1) return <Navigate to={inboundCallPath(contacts[0]!)} replace />;

  return (
    <>
      <Title order={2} mb="xs">
        {t('lookup.title')}
      </Title>
      <LookupForm initial={what} error={unreadable ? problem(query.error, what) : null} />
      {asked && !unreadable && (
        <Text c="dimmed" mb="md" data-testid="lookup-query">
          {t('lookup.for', { what })}
        </Text>
      )}
      {!asked ? (
        <Text c="dimmed" data-testid="lookup-hint">
          {t('lookup.missing')}
        </Text>
      ) : query.isPending ? (
        <LoadingState />
      ) : unreadable ? null : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : matches.length === 0 ? (
        <Stack gap="md">
          <Text data-testid="lookup-none">{t('lookup.none', { what })}</Text>
          <CreateContactForm phone={phone} email={email.trim()} />
        </Stack>
      ) : (
        <Stack gap="sm">
          <Text>{t('lookup.several', { count: matches.length })}</Text>
          {matches.map((match) => (
            <MatchCard key={`${match.type}-${match.id}`} match={match} />
          ))}
        </Stack>
      )}
    </>
  );
}
