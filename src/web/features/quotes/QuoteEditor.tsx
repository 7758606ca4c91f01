// A quote (/quotes/new, /quotes/:id): the editor of a draft — customer, deal, dates, language,
// net or gross prices, the lines with live totals (the server's own computeSalesTotals) — and
// the read-only view of an issued quote with its actions (revise, accept, decline).
// ?companyId=…&contactId=…&dealId=… prefill a new quote.
import { useEffect, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { shortcutDay } from '../forms/dates.ts';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { Product } from '../../../contract/products.ts';
import { productUnits } from '../../../contract/products.ts';
import type { Quote } from '../../../contract/quotes.ts';
import { normalVatRate, type SalesTotals, vatRatesFor } from '../../../contract/sales/index.ts';
import { api, type Page } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDate, formatMoney } from '../../ui/format.ts';
import { problemText } from '../../ui/problems.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { DateField } from '../forms/DateFields.tsx';
import { RecordSelect } from '../forms/pickers.tsx';
import { StatusBadge } from './QuotesListPage.tsx';
import {
  blankLine,
  decimalInput,
  decimalShown,
  type EditLine,
  editLines,
  linesBody,
  liveTotals,
} from './quoteValues.ts';

interface Head {
  companyId: string | null;
  contactId: string | null;
  dealId: string | null;
  subject: string;
  quoteDate: string;
  validUntil: string;
  language: 'de' | 'en';
  pricesEntered: 'net' | 'gross';
  taxTreatment: Quote['taxTreatment'];
  currency: string;
  introduction: string;
  terms: string;
  discountKind: 'percent' | 'amount';
  discountValue: string;
}

function Totals({ totals, locale }: { totals: SalesTotals | null; locale: string }) {
  const { t } = useTranslation();
  if (!totals) return <Text c="dimmed">{t('quotes.totalsPending')}</Text>;
  const money = (amount: string) => formatMoney({ amount, currency: totals.currency }, locale);
  return (
    <Table w={360} ml="auto" data-testid="quote-totals">
      <Table.Tbody>
        <Table.Tr>
          <Table.Td>{t('quotes.totals.subtotal')}</Table.Td>
          <Table.Td ta="right">{money(totals.subtotal.gross ?? totals.subtotal.net)}</Table.Td>
        </Table.Tr>
        {totals.documentDiscount.net !== '0.00' && (
          <Table.Tr>
            <Table.Td>{t('quotes.totals.discount')}</Table.Td>
            <Table.Td ta="right">− {money(totals.documentDiscount.gross ?? totals.documentDiscount.net)}</Table.Td>
          </Table.Tr>
        )}
        <Table.Tr>
          <Table.Td>{t('quotes.totals.net')}</Table.Td>
          <Table.Td ta="right" data-testid="total-net">
            {money(totals.netTotal)}
          </Table.Td>
        </Table.Tr>
        {totals.vat.map((group) => (
          <Table.Tr key={group.rate}>
            <Table.Td>
              {t('quotes.totals.vat', {
                rate: group.rate.replace('.', locale.startsWith('de') ? ',' : '.'),
                base: money(group.base),
              })}
            </Table.Td>
            <Table.Td ta="right" data-testid={`total-vat-${group.rate}`}>
              {money(group.tax)}
            </Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr fw={700}>
          <Table.Td>{t('quotes.totals.gross')}</Table.Td>
          <Table.Td ta="right" data-testid="total-gross">
            {money(totals.grossTotal)}
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
      {totals.note && <Table.Caption>{t(`quotes.notes.${totals.note}`)}</Table.Caption>}
    </Table>
  );
}

function ProductSearch({ onPick }: { onPick(product: Product): void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const products = useQuery({
    queryKey: ['products', 'picker', q],
    queryFn: ({ signal }) =>
      api<Page<Product>>('/products', { query: { q: q || undefined, active: 'true', limit: 20 }, signal }),
  });
  const list = products.data?.data ?? [];
  return (
    <Select
      data-testid="add-product"
      placeholder={t('quotes.addProduct')}
      aria-label={t('quotes.addProduct')}
      searchable
      value={null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={list.map((p) => ({ value: p.id, label: `${p.sku} · ${p.name}` }))}
      onChange={(id) => {
        const product = list.find((p) => p.id === id);
        if (product) onPick(product);
        setSearch('');
      }}
      nothingFoundMessage={t('forms.nothingFound')}
    />
  );
}

function LinesEditor({
  lines,
  setLines,
  language,
  totals,
  locale,
  currency,
  priceFor,
}: {
  lines: EditLine[];
  setLines(lines: EditLine[]): void;
  language: string;
  totals: SalesTotals | null;
  locale: string;
  currency: string;
  /** The customer's price of a product (its price list's), or the list price when none applies. */
  priceFor(product: Product): Promise<string>;
}) {
  const { t } = useTranslation();
  const { me } = useAuth();
  // The workspace's country's rates (the server accepts no others); a line keeps a rate it has.
  const rates = vatRatesFor(me?.workspace.defaultCountry ?? 'DE');
  const change = (key: string, patch: Partial<EditLine>) =>
    setLines(lines.map((line) => (line.key === key ? { ...line, ...patch } : line)));
  const move = (index: number, by: number) => {
    const next = [...lines];
    const [line] = next.splice(index, 1);
    next.splice(index + by, 0, line!);
    setLines(next);
  };
  const add = (line: EditLine) => setLines([...lines, line]);
  return (
    <Stack gap="xs">
      <Table data-testid="quote-lines" layout="fixed" horizontalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('quotes.line.name')}</Table.Th>
            <Table.Th w={70}>{t('quotes.line.quantity')}</Table.Th>
            <Table.Th w={105}>{t('quotes.line.unit')}</Table.Th>
            <Table.Th w={100}>{t('quotes.line.unitPrice')}</Table.Th>
            <Table.Th w={140}>{t('quotes.line.discount')}</Table.Th>
            <Table.Th w={95}>{t('quotes.line.vatRate')}</Table.Th>
            <Table.Th w={50}>{t('quotes.line.optional')}</Table.Th>
            <Table.Th w={100} ta="right">
              {t('quotes.line.amount')}
            </Table.Th>
            <Table.Th w={90} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line, index) => {
            const lineTotal = totals?.lines[index];
            const controls = (
              <Group gap={2} wrap="nowrap">
                <ActionIcon
                  variant="subtle"
                  aria-label={t('quotes.line.up')}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  ↑
                </ActionIcon>
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  aria-label={t('quotes.line.down')}
                  disabled={index === lines.length - 1}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </ActionIcon>
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  color="red"
                  aria-label={t('quotes.line.remove')}
                  onClick={() => setLines(lines.filter((l) => l.key !== line.key))}
                >
                  ×
                </ActionIcon>
              </Group>
            );
            if (line.kind !== 'item')
              return (
                <Table.Tr key={line.key} data-testid={`line-${index}`}>
                  <Table.Td colSpan={8}>
                    <TextInput
                      aria-label={t(`quotes.line.${line.kind}`)}
                      placeholder={t(`quotes.line.${line.kind}`)}
                      fw={line.kind === 'heading' ? 700 : undefined}
                      value={line.text}
                      onChange={(event) => change(line.key, { text: event.currentTarget.value })}
                    />
                  </Table.Td>
                  <Table.Td>{controls}</Table.Td>
                </Table.Tr>
              );
            return (
              <Table.Tr key={line.key} data-testid={`line-${index}`}>
                <Table.Td>
                  <TextInput
                    aria-label={t('quotes.line.name')}
                    value={line.name}
                    onChange={(event) => change(line.key, { name: event.currentTarget.value })}
                    description={line.sku ?? undefined}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={t('quotes.line.quantity')}
                    value={line.quantity}
                    onChange={(event) => change(line.key, { quantity: event.currentTarget.value })}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={t('quotes.line.unit')}
                    value={line.unit}
                    onChange={(unit) => change(line.key, { unit })}
                    data={productUnits.map((unit) => ({ value: unit, label: t(`quotes.units.${unit}`) }))}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={t('quotes.line.unitPrice')}
                    value={line.unitPrice}
                    onChange={(event) => change(line.key, { unitPrice: event.currentTarget.value })}
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <TextInput
                      w={60}
                      aria-label={t('quotes.line.discount')}
                      value={line.discountValue}
                      onChange={(event) => change(line.key, { discountValue: event.currentTarget.value })}
                    />
                    <SegmentedControl
                      size="xs"
                      value={line.discountKind}
                      onChange={(kind) => change(line.key, { discountKind: kind as EditLine['discountKind'] })}
                      data={[
                        { value: 'percent', label: '%' },
                        { value: 'amount', label: currency === 'EUR' ? '€' : currency },
                      ]}
                    />
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={t('quotes.line.vatRate')}
                    value={line.vatRate}
                    onChange={(rate) => change(line.key, { vatRate: rate ?? rates[0] })}
                    data={[...new Set([...rates, normalVatRate(line.vatRate)])].map((rate) => ({
                      value: rate,
                      label: `${rate} %`,
                    }))}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={t('quotes.line.optional')}
                    checked={line.optional}
                    onChange={(event) => change(line.key, { optional: event.currentTarget.checked })}
                  />
                </Table.Td>
                <Table.Td ta="right" data-testid={`line-amount-${index}`}>
                  {lineTotal?.kind === 'item'
                    ? `${line.optional ? '(' : ''}${formatMoney({ amount: lineTotal.amount, currency }, locale)}${line.optional ? ')' : ''}`
                    : ''}
                </Table.Td>
                <Table.Td>{controls}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Group>
        <ProductSearch
          onPick={async (product) =>
            add({
              ...blankLine('item'),
              productId: product.id,
              sku: product.sku,
              name: product.name,
              description: product.description,
              unit: product.unit,
              unitPrice: decimalShown(await priceFor(product), language),
              vatRate: product.vatRate,
            })
          }
        />
        <Button variant="default" onClick={() => add(blankLine('item', rates[0]))} data-testid="add-free-line">
          {t('quotes.addFree')}
        </Button>
        <Button variant="default" onClick={() => add(blankLine('heading'))}>
          {t('quotes.addHeading')}
        </Button>
        <Button variant="default" onClick={() => add(blankLine('text'))}>
          {t('quotes.addText')}
        </Button>
      </Group>
    </Stack>
  );
}

function headOf(quote: Quote, language: string): Head {
  return {
    companyId: quote.companyId,
    contactId: quote.contactId,
    dealId: quote.dealId,
    subject: quote.subject,
    quoteDate: quote.quoteDate,
    validUntil: quote.validUntil,
    language: quote.language,
    pricesEntered: quote.pricesEntered,
    taxTreatment: quote.taxTreatment,
    currency: quote.currency,
    introduction: quote.introduction ?? '',
    terms: quote.terms ?? '',
    discountKind: quote.discount?.kind ?? 'percent',
    discountValue: decimalShown(quote.discount?.value ?? null, language),
  };
}

function IssuedActions({ quote, onChanged }: { quote: Quote; onChanged(quote: Quote): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [accepting, setAccepting] = useState(false);
  const [winDeal, setWinDeal] = useState(true);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const act = useMutation({
    mutationFn: ({ action, body }: { action: string; body?: unknown }) =>
      api<Quote>(`/quotes/${quote.id}/${action}`, { method: 'POST', body }),
    onSuccess: (saved, { action }) => {
      setAccepting(false);
      setDeclining(false);
      if (action === 'revise') navigate(`/quotes/${saved.id}`);
      else onChanged(saved);
    },
    onError: (error) => notifications.show({ color: 'red', message: problemText(error, t) }),
  });
  const toOrder = useMutation({
    mutationFn: () => api<{ id: string }>(`/quotes/${quote.id}/order`, { method: 'POST', body: {} }),
    onSuccess: (order) => navigate(`/orders/${order.id}`),
    onError: (error) => notifications.show({ color: 'red', message: problemText(error, t) }),
  });
  const open = quote.status === 'sent' || quote.status === 'expired';
  return (
    <Group>
      {quote.number && (
        <Button
          component="a"
          variant="default"
          href={`/api/v1/quotes/${quote.id}/pdf`}
          target="_blank"
          rel="noopener"
          data-testid="quote-pdf"
        >
          {t('quotes.actions.pdf')}
        </Button>
      )}
      {quote.status === 'accepted' && (
        <Button loading={toOrder.isPending} onClick={() => toOrder.mutate()} data-testid="quote-to-order">
          {t('quotes.actions.order')}
        </Button>
      )}
      {(open || quote.status === 'declined') && (
        <Button variant="default" onClick={() => act.mutate({ action: 'revise' })} data-testid="quote-revise">
          {t('quotes.actions.revise')}
        </Button>
      )}
      {open && (
        <Button color="green" onClick={() => setAccepting(true)} data-testid="quote-accept">
          {t('quotes.actions.accept')}
        </Button>
      )}
      {open && (
        <Button color="red" variant="light" onClick={() => setDeclining(true)} data-testid="quote-decline">
          {t('quotes.actions.decline')}
        </Button>
      )}
      <Modal opened={accepting} onClose={() => setAccepting(false)} title={t('quotes.actions.accept')}>
        <Stack>
          {quote.dealId && (
            <Checkbox
              label={t('quotes.winDeal')}
              checked={winDeal}
              onChange={(event) => setWinDeal(event.currentTarget.checked)}
              data-testid="quote-win-deal"
            />
          )}
          <Button
            loading={act.isPending}
            onClick={() => act.mutate({ action: 'accept', body: { winDeal: Boolean(quote.dealId) && winDeal } })}
            data-testid="quote-accept-confirm"
          >
            {t('quotes.actions.accept')}
          </Button>
        </Stack>
      </Modal>
      <Modal opened={declining} onClose={() => setDeclining(false)} title={t('quotes.actions.decline')}>
        <Stack>
          <TextInput
            label={t('quotes.declineReason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Button
            color="red"
            loading={act.isPending}
            onClick={() => act.mutate({ action: 'decline', body: { reason: reason.trim() || null } })}
          >
            {t('quotes.actions.decline')}
          </Button>
        </Stack>
      </Modal>
    </Group>
  );
}

function ReadOnlyQuote({ quote, onChanged }: { quote: Quote; onChanged(quote: Quote): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const money = (amount: string | null) => (amount ? formatMoney({ amount, currency: quote.currency }, locale) : '');
  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={2} data-testid="quote-number">
            {quote.number}
          </Title>
          <StatusBadge status={quote.status} />
        </Group>
        <IssuedActions quote={quote} onChanged={onChanged} />
      </Group>
      <Text fw={600}>{quote.subject}</Text>
      <Text c="dimmed">
        {[quote.companyName, quote.contactName, quote.dealTitle].filter(Boolean).join(' · ')} ·{' '}
        {t('quotes.fields.quoteDate')} {formatDate(quote.quoteDate, locale)} · {t('quotes.fields.validUntil')}{' '}
        {formatDate(quote.validUntil, locale)}
      </Text>
      <Table>
        <Table.Tbody>
          {(quote.lines ?? [])
            .map((line, index) => ({ line, total: quote.totals?.lines[index], key: `${quote.id}:${index}` }))
            .map(({ line, total, key }) =>
              line.kind === 'item' ? (
                <Table.Tr key={key}>
                  <Table.Td>{line.name}</Table.Td>
                  <Table.Td>
                    {decimalShown(line.quantity, locale)} {line.unit ? t(`quotes.units.${line.unit}`) : ''}
                  </Table.Td>
                  <Table.Td ta="right">{money(line.unitPrice)}</Table.Td>
                  <Table.Td>{line.vatRate} %</Table.Td>
                  <Table.Td ta="right">{total?.kind === 'item' ? money(total.amount) : ''}</Table.Td>
                </Table.Tr>
              ) : (
                <Table.Tr key={key}>
                  <Table.Td colSpan={5} fw={line.kind === 'heading' ? 700 : undefined}>
                    {line.text}
                  </Table.Td>
                </Table.Tr>
              ),
            )}
        </Table.Tbody>
      </Table>
      <Totals totals={quote.totals ?? null} locale={locale} />
    </Stack>
  );
}

function DraftEditor({ quote }: { quote: Quote | null }) {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  const language = i18n.resolvedLanguage ?? 'de';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const today = shortcutDay('today');
  const [head, setHead] = useState<Head>(
    quote
      ? headOf(quote, language)
      : {
          companyId: params.get('companyId'),
          contactId: params.get('contactId'),
          dealId: params.get('dealId'),
          subject: '',
          quoteDate: today,
          validUntil: '',
          language: language === 'en' ? 'en' : 'de',
          pricesEntered: 'net',
          taxTreatment: 'standard',
          currency: 'EUR',
          introduction: '',
          terms: '',
          discountKind: 'percent',
          discountValue: '',
        },
  );
  const [lines, setLines] = useState<EditLine[]>(quote ? editLines(quote, language) : []);
  const [errors, setErrors] = useState<string | null>(null);
  const set = (patch: Partial<Head>) => setHead((current) => ({ ...current, ...patch }));
  const totals = liveTotals({ ...head, lines, language });

  const body = () => ({
    companyId: head.companyId,
    contactId: head.contactId,
    dealId: head.dealId,
    subject: head.subject,
    quoteDate: head.quoteDate,
    ...(head.validUntil && { validUntil: head.validUntil }),
    ...(quote && { language: head.language }),
    pricesEntered: head.pricesEntered,
    ...(quote && { taxTreatment: head.taxTreatment }),
    introduction: head.introduction.trim() || null,
    ...(quote && { terms: head.terms.trim() || null }),
    discount: head.discountValue.trim()
      ? { kind: head.discountKind, value: decimalInput(head.discountValue, language) }
      : null,
    lines: linesBody(lines, language),
  });

  const save = useMutation({
    mutationFn: async (then: 'stay' | 'issue') => {
      const saved = quote
        ? await api<Quote>(`/quotes/${quote.id}`, { method: 'PATCH', body: body() })
        : await api<Quote>('/quotes', { method: 'POST', body: body() });
      return then === 'issue' ? api<Quote>(`/quotes/${saved.id}/issue`, { method: 'POST' }) : saved;
    },
    onSuccess: (saved) => {
      setErrors(null);
      void queryClient.invalidateQueries({ queryKey: ['quotes'] });
      notifications.show({
        color: 'green',
        message: t(saved.status === 'draft' ? 'quotes.saved' : 'quotes.issued', { number: saved.number }),
      });
      navigate(`/quotes/${saved.id}`, { replace: true });
    },
    onError: (error) => setErrors(problemText(error, t)),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={2}>{quote ? (quote.number ?? t('quotes.draft')) : t('quotes.new')}</Title>
          {quote && <StatusBadge status={quote.status} />}
        </Group>
        <Group>
          <Button
            variant="default"
            loading={save.isPending}
            onClick={() => save.mutate('stay')}
            data-testid="quote-save"
          >
            {t('quotes.actions.save')}
          </Button>
          <Button loading={save.isPending} onClick={() => save.mutate('issue')} data-testid="quote-issue">
            {t('quotes.actions.issue')}
          </Button>
        </Group>
      </Group>
      {errors && (
        <Alert color="red" data-testid="quote-error">
          {errors}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <RecordSelect
          type="company"
          label={t('quotes.fields.company')}
          value={head.companyId}
          onChange={(companyId) => set({ companyId })}
          data-testid="pick-company"
        />
        <RecordSelect
          type="contact"
          label={t('quotes.fields.contact')}
          value={head.contactId}
          onChange={(contactId) => set({ contactId })}
          data-testid="pick-contact"
        />
        <RecordSelect
          type="deal"
          label={t('quotes.fields.deal')}
          value={head.dealId}
          onChange={(dealId) => set({ dealId })}
        />
        <TextInput
          label={t('quotes.fields.subject')}
          required
          value={head.subject}
          onChange={(event) => set({ subject: event.currentTarget.value })}
          data-testid="quote-subject"
        />
        <DateField
          label={t('quotes.fields.quoteDate')}
          value={head.quoteDate}
          onChange={(quoteDate) => set({ quoteDate })}
        />
        <DateField
          label={t('quotes.fields.validUntil')}
          value={head.validUntil}
          onChange={(validUntil) => set({ validUntil })}
        />
        <Select
          label={t('quotes.fields.language')}
          value={head.language}
          onChange={(value) => set({ language: value === 'en' ? 'en' : 'de' })}
          data={[
            { value: 'de', label: t('quotes.languages.de') },
            { value: 'en', label: t('quotes.languages.en') },
          ]}
          disabled={!quote}
          description={quote ? undefined : t('quotes.languageFromCustomer')}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('quotes.fields.pricesEntered')}
          </Text>
          <SegmentedControl
            value={head.pricesEntered}
            onChange={(value) => set({ pricesEntered: value === 'gross' ? 'gross' : 'net' })}
            data={[
              { value: 'net', label: t('quotes.prices.net') },
              { value: 'gross', label: t('quotes.prices.gross') },
            ]}
          />
        </Stack>
        <Select
          label={t('quotes.fields.taxTreatment')}
          value={head.taxTreatment}
          onChange={(value) => set({ taxTreatment: (value ?? 'standard') as Head['taxTreatment'] })}
          data={(['standard', 'reverseCharge', 'smallBusiness'] as const).map((value) => ({
            value,
            label: t(`quotes.tax.${value}`),
          }))}
          disabled={!quote}
          description={quote ? undefined : t('quotes.taxFromCustomer')}
        />
      </SimpleGrid>
      <Textarea
        label={t('quotes.fields.introduction')}
        autosize
        minRows={2}
        value={head.introduction}
        onChange={(e) => set({ introduction: e.currentTarget.value })}
      />
      <LinesEditor
        lines={lines}
        setLines={setLines}
        language={language}
        totals={totals}
        locale={locale}
        currency={head.currency}
        priceFor={async (product) => {
          const query = new URLSearchParams({ productId: product.id, date: head.quoteDate, currency: head.currency });
          if (head.companyId) query.set('companyId', head.companyId);
          if (head.contactId) query.set('contactId', head.contactId);
          try {
            const price = await api<{ unitPrice: string; currency: string }>(`/price-lists/resolve?${query}`);
            return price.currency === head.currency ? price.unitPrice : product.listPrice;
          } catch {
            return product.listPrice;
          }
        }}
      />
      <Group align="flex-end">
        <TextInput
          w={140}
          label={t('quotes.fields.discount')}
          value={head.discountValue}
          onChange={(e) => set({ discountValue: e.currentTarget.value })}
          data-testid="quote-discount"
        />
        <SegmentedControl
          value={head.discountKind}
          onChange={(kind) => set({ discountKind: kind === 'amount' ? 'amount' : 'percent' })}
          data={[
            { value: 'percent', label: '%' },
            { value: 'amount', label: head.currency === 'EUR' ? '€' : head.currency },
          ]}
        />
      </Group>
      <Totals totals={totals} locale={locale} />
      {quote && (
        <Textarea
          label={t('quotes.fields.terms')}
          autosize
          minRows={2}
          value={head.terms}
          onChange={(e) => set({ terms: e.currentTarget.value })}
        />
      )}
    </Stack>
  );
}

export default function QuoteEditor() {
  const { id } = useParams();
  const queryClient = useQueryClient();
  const quote = useQuery({
    queryKey: ['quotes', 'detail', id],
    queryFn: ({ signal }) => api<Quote>(`/quotes/${id}`, { signal }),
    enabled: Boolean(id),
  });
  // A new page for another quote (after revising) starts its editor afresh.
  const [shown, setShown] = useState(id);
  useEffect(() => setShown(id), [id]);
  if (!id) return <DraftEditor quote={null} />;
  if (quote.isPending || shown !== id) return <LoadingState />;
  if (quote.error) return <ErrorState error={quote.error} onRetry={() => void quote.refetch()} />;
  if (quote.data.status === 'draft')
    return <DraftEditor key={`${quote.data.id}:${quote.data.version}`} quote={quote.data} />;
  return (
    <ReadOnlyQuote
      quote={quote.data}
      onChanged={(saved) => queryClient.setQueryData(['quotes', 'detail', id], saved)}
    />
  );
}
