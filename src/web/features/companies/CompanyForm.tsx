// Create and edit a company (/companies/new, /companies/:id/edit): every field of the
// contract, checked with companyCreate/companyPatch before sending.
import { Group, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { companyCreate, companyPatch, legalForms, type Company } from '../../../contract/companies.ts';
import { useAuth } from '../../app/auth.tsx';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { ContactDataFields, contactDataBody, contactDataRows, type ContactData } from '../forms/ContactDataRows.tsx';
import { FormPage } from '../forms/FormPage.tsx';
import {
  amountText,
  blankToNull,
  currencies,
  moneyOrNull,
  tidyAmount,
  useRecord,
  wholeNumber,
} from '../forms/formValues.ts';
import { RecordSelect, TagsAndOwner } from '../forms/pickers.tsx';
import { PriceListSelect } from '../priceLists/PriceListSelect.tsx';
import { useRecordForm } from '../forms/useRecordForm.ts';
import { showWriteWarnings } from '../quality/QualityBadge.tsx';
import { DuplicateWarning, useDuplicateCheck } from '../duplicates/DuplicateWarning.tsx';

interface Values extends ContactData {
  customerNumber: string;
  externalId: string;
  name: string;
  legalForm: string | null;
  industry: string;
  employeeCount: string;
  revenueAmount: string;
  revenueCurrency: string;
  website: string;
  vatId: string;
  description: string;
  tags: string[];
  ownerId: string | null;
  parentCompanyId: string | null;
  priceListId: string | null;
}

function initialValues(company: Company | null, ownerId: string | null, currency: string, locale: string): Values {
  return {
    name: company?.name ?? '',
    customerNumber: company?.customerNumber ?? '',
    externalId: company?.externalId ?? '',
    legalForm: company?.legalForm ?? null,
    industry: company?.industry ?? '',
    employeeCount: company?.employeeCount == null ? '' : String(company.employeeCount),
    revenueAmount: amountText(company?.annualRevenue?.amount, locale),
    revenueCurrency: company?.annualRevenue?.currency ?? currency,
    website: company?.website ?? '',
    vatId: company?.vatId ?? '',
    description: company?.description ?? '',
    tags: company?.tags ?? [],
    ownerId: company ? company.ownerId : ownerId,
    parentCompanyId: company?.parentCompanyId ?? null,
    priceListId: company?.priceListId ?? null,
    ...contactDataRows(company),
  };
}

function toBody(v: Values) {
  return {
    name: v.name,
    customerNumber: blankToNull(v.customerNumber),
    externalId: blankToNull(v.externalId),
    legalForm: v.legalForm,
    industry: blankToNull(v.industry),
    employeeCount: wholeNumber(v.employeeCount),
    annualRevenue: moneyOrNull(v.revenueAmount, v.revenueCurrency),
    website: blankToNull(v.website),
    vatId: blankToNull(v.vatId),
    description: blankToNull(v.description),
    tags: v.tags,
    ownerId: v.ownerId,
    parentCompanyId: v.parentCompanyId,
    priceListId: v.priceListId,
    ...contactDataBody(v),
  };
}

function CompanyForm({ company, onReload }: { company: Company | null; onReload?: () => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const locale = useLocale();
  const navigate = useNavigate();
  const form = useRecordForm<Values, Company>({
    resource: 'companies',
    record: company,
    initial: initialValues(company, me?.user.id ?? null, me?.workspace.defaultCurrency ?? 'EUR', locale),
    toBody,
    schema: company ? companyPatch : companyCreate,
    onSaved: (saved) => {
      showWriteWarnings(saved, t);
      navigate(`/companies/${saved.id}`);
    },
  });
  const { values, set, field } = form;
  const duplicates = useDuplicateCheck('companies', company ? null : toBody(values));
  const text = (
    name: 'name' | 'industry' | 'website' | 'vatId' | 'employeeCount' | 'customerNumber' | 'externalId',
    extra: object = {},
  ) => (
    <TextInput
      label={t(`forms.company.${name}`)}
      value={values[name]}
      onChange={(e) => set(name, e.currentTarget.value)}
      {...field(name)}
      {...extra}
    />
  );

  return (
    <FormPage
      title={company ? t('forms.company.editTitle') : t('forms.company.newTitle')}
      backTo={company ? `/companies/${company.id}` : '/companies'}
      backLabel={company ? t('forms.backToRecord') : t('forms.company.back')}
      form={form}
      editing={Boolean(company)}
      onReload={onReload}
      onDeleted={() => navigate('/companies')}
      testId="company-form"
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {text('name', { required: true, autoFocus: !company })}
        <Select
          label={t('forms.company.legalForm')}
          data={legalForms.map((form) => ({
            value: form,
            label: form === 'other' ? t('forms.company.otherLegalForm') : form,
          }))}
          value={values.legalForm}
          onChange={(value) => set('legalForm', value)}
          clearable
          {...field('legalForm')}
        />
        {text('industry')}
        {text('employeeCount', { inputMode: 'numeric' })}
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            label={t('forms.company.annualRevenue')}
            inputMode="decimal"
            value={values.revenueAmount}
            style={{ flex: 1 }}
            onChange={(e) => set('revenueAmount', e.currentTarget.value)}
            error={form.error('annualRevenue.amount') ?? form.error('annualRevenue')}
            onBlur={() => {
              form.touch('annualRevenue.amount');
              set('revenueAmount', tidyAmount(values.revenueAmount, locale));
            }}
          />
          <Select
            label={t('forms.currency')}
            data={currencies}
            value={values.revenueCurrency}
            allowDeselect={false}
            w={100}
            onChange={(value) => value && set('revenueCurrency', value)}
            error={form.error('annualRevenue.currency')}
          />
        </Group>
        {text('website', { inputMode: 'url' })}
        {text('vatId')}
        {text('customerNumber')}
        {text('externalId')}
        <RecordSelect
          type="company"
          label={t('forms.company.parent')}
          value={values.parentCompanyId}
          onChange={(id) => set('parentCompanyId', id)}
          {...field('parentCompanyId')}
        />
        <PriceListSelect
          value={values.priceListId}
          onChange={(id) => set('priceListId', id)}
          error={form.error('priceListId')}
        />
      </SimpleGrid>
      <ContactDataFields
        value={values}
        onChange={(name, rows) => set(name, rows as Values[typeof name])}
        error={form.error}
        touch={form.touch}
        defaultCountry={me?.workspace.defaultCountry ?? 'DE'}
      />
      <Textarea
        label={t('forms.company.description')}
        autosize
        minRows={3}
        value={values.description}
        onChange={(e) => set('description', e.currentTarget.value)}
        {...field('description')}
      />
      <TagsAndOwner
        recordType="company"
        form={form}
        tags={values.tags}
        onTags={(tags) => set('tags', tags)}
        ownerId={values.ownerId}
        onOwner={(id) => set('ownerId', id)}
      />
      <DuplicateWarning type="companies" check={duplicates} />
    </FormPage>
  );
}

export default function CompanyFormPage() {
  const { id } = useParams();
  const query = useRecord<Company>('companies', id);
  if (!id) return <CompanyForm company={null} />;
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <CompanyForm key={query.data.version} company={query.data} onReload={() => void query.refetch()} />;
}
