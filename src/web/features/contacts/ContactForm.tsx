// Create and edit a contact (/contacts/new, /contacts/:id/edit): every field of the contract,
// checked with contactCreate/contactPatch before sending; a new contact can join a company
// right away with a buying-centre role (?companyId=… prefills it, ?returnTo=/companies/… goes
// back there after saving), an existing one can be added to another company.
import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { buyingRoles } from '../../../contract/affiliations.ts';
import {
  contactCreate,
  contactPatch,
  identifiedContact,
  lifecycleStages,
  type Contact,
} from '../../../contract/contacts.ts';
import { api } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { ContactDataFields, contactDataBody, contactDataRows, type ContactData } from '../forms/ContactDataRows.tsx';
import { DateField } from '../forms/DateFields.tsx';
import { FormPage } from '../forms/FormPage.tsx';
import { blankToNull, useRecord } from '../forms/formValues.ts';
import { RecordSelect, TagsAndOwner } from '../forms/pickers.tsx';
import { PriceListSelect } from '../priceLists/PriceListSelect.tsx';
import { useRecordForm } from '../forms/useRecordForm.ts';
import { showWriteWarnings } from '../quality/QualityBadge.tsx';
import { DuplicateWarning, useDuplicateCheck } from '../duplicates/DuplicateWarning.tsx';
import { safeNext } from '../../../contract/safeNext.ts';

interface Values extends ContactData {
  customerNumber: string;
  externalId: string;
  salutation: string;
  title: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  birthday: string;
  lifecycleStage: Contact['lifecycleStage'];
  source: string;
  tags: string[];
  ownerId: string | null;
  priceListId: string | null;
  /** A company to join (not part of the contact itself: saved as an affiliation afterwards). */
  companyId: string | null;
  /** The buying-centre role at that company. */
  buyingRole: (typeof buyingRoles)[number] | null;
}

const createSchema = identifiedContact(contactCreate);
const editSchema = identifiedContact(contactPatch);

/** Only a path of this app is followed after saving, never another site. */
/** A path of the app only: `/\host` or `/<tab>/host` would leave it (see safeNext). */
function localPath(value: string | null): string | null {
  return safeNext(value, '') || null;
}

function initialValues(contact: Contact | null, ownerId: string | null, companyId: string | null): Values {
  return {
    customerNumber: contact?.customerNumber ?? '',
    externalId: contact?.externalId ?? '',
    salutation: contact?.salutation ?? '',
    title: contact?.title ?? '',
    firstName: contact?.firstName ?? '',
    lastName: contact?.lastName ?? '',
    jobTitle: contact?.jobTitle ?? '',
    birthday: contact?.birthday ?? '',
    lifecycleStage: contact?.lifecycleStage ?? 'lead',
    source: contact?.source ?? '',
    tags: contact?.tags ?? [],
    ownerId: contact ? contact.ownerId : ownerId,
    priceListId: contact?.priceListId ?? null,
    ...contactDataRows(contact),
    companyId,
    buyingRole: null,
  };
}

function toBody(v: Values) {
  return {
    customerNumber: blankToNull(v.customerNumber),
    externalId: blankToNull(v.externalId),
    salutation: blankToNull(v.salutation),
    title: blankToNull(v.title),
    firstName: blankToNull(v.firstName),
    lastName: blankToNull(v.lastName),
    jobTitle: blankToNull(v.jobTitle),
    birthday: blankToNull(v.birthday),
    lifecycleStage: v.lifecycleStage,
    source: blankToNull(v.source),
    tags: v.tags,
    ownerId: v.ownerId,
    priceListId: v.priceListId,
    ...contactDataBody(v),
  };
}

function ContactForm({ contact, onReload }: { contact: Contact | null; onReload?: () => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const returnTo = localPath(params.get('returnTo'));
  const form = useRecordForm<Values, Contact>({
    resource: 'contacts',
    record: contact,
    initial: initialValues(contact, me?.user.id ?? null, params.get('companyId')),
    toBody,
    // An edit sends every field (see useRecordForm), so both can be checked for naming someone.
    schema: contact ? editSchema : createSchema,
    onSaved: async (saved) => {
      showWriteWarnings(saved, t);
      const { companyId, buyingRole } = form.values;
      if (companyId && !saved.companies.some((c) => c.companyId === companyId)) {
        await api(`/contacts/${saved.id}/affiliations`, {
          method: 'POST',
          body: { companyId, ...(buyingRole ? { buyingRole } : {}) },
        });
      }
      navigate(returnTo ?? `/contacts/${saved.id}`);
    },
  });
  const { values, set, field } = form;
  const duplicates = useDuplicateCheck('contacts', contact ? null : { ...toBody(values), companyId: values.companyId });
  const text = (
    name: 'salutation' | 'title' | 'firstName' | 'lastName' | 'jobTitle' | 'source' | 'customerNumber' | 'externalId',
    extra: object = {},
  ) => (
    <TextInput
      label={t(`forms.contact.${name}`)}
      value={values[name]}
      onChange={(e) => set(name, e.currentTarget.value)}
      {...field(name)}
      {...extra}
    />
  );
  const back = contact ? `/contacts/${contact.id}` : (returnTo ?? '/contacts');
  const roleSelect = values.companyId && !contact?.companies.some((c) => c.companyId === values.companyId) && (
    <Select
      label={t('forms.contact.buyingRole')}
      placeholder={t('company.people.noRole')}
      data={buyingRoles.map((role) => ({ value: role, label: t(`customer.buyingRole.${role}`) }))}
      value={values.buyingRole}
      clearable
      onChange={(role) => set('buyingRole', role as Values['buyingRole'])}
      data-testid="contact-buying-role"
    />
  );

  return (
    <FormPage
      title={contact ? t('forms.contact.editTitle') : t('forms.contact.newTitle')}
      backTo={back}
      backLabel={contact || returnTo ? t('forms.backToRecord') : t('forms.contact.back')}
      form={form}
      editing={Boolean(contact)}
      onReload={onReload}
      onDeleted={() => navigate('/contacts')}
      testId="contact-form"
    >
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        {text('salutation')}
        {text('title')}
        {text('firstName', { autoFocus: !contact })}
        {text('lastName')}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {text('jobTitle')}
        {contact ? (
          <RecordSelect
            type="company"
            label={t('forms.contact.addCompany')}
            value={values.companyId}
            onChange={(id) => set('companyId', id)}
            data-testid="contact-company"
            {...field('companyId')}
            description={
              contact.companies.length
                ? t('forms.contact.companies', { names: contact.companies.map((c) => c.name).join(', ') })
                : undefined
            }
          />
        ) : (
          <RecordSelect
            type="company"
            label={t('forms.contact.company')}
            value={values.companyId}
            onChange={(id) => set('companyId', id)}
            data-testid="contact-company"
            {...field('companyId')}
          />
        )}
        {roleSelect}
      </SimpleGrid>
      <ContactDataFields
        value={values}
        onChange={(name, rows) => set(name, rows as Values[typeof name])}
        error={form.error}
        touch={form.touch}
        defaultCountry={me?.workspace.defaultCountry ?? 'DE'}
      />
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
        <Select
          label={t('forms.contact.lifecycleStage')}
          data={lifecycleStages.map((stage) => ({ value: stage, label: t(`customer.lifecycle.${stage}`) }))}
          value={values.lifecycleStage}
          allowDeselect={false}
          onChange={(stage) => stage && set('lifecycleStage', stage as Contact['lifecycleStage'])}
          {...field('lifecycleStage')}
        />
        <DateField
          label={t('forms.contact.birthday')}
          value={values.birthday}
          onChange={(value) => set('birthday', value)}
          noShortcuts
          {...field('birthday')}
        />
        {text('source')}
        {text('customerNumber')}
        {text('externalId')}
        <PriceListSelect
          value={values.priceListId}
          onChange={(id) => set('priceListId', id)}
          error={form.error('priceListId')}
          description={t('priceLists.select.contactHint')}
        />
      </SimpleGrid>
      <TagsAndOwner
        recordType="contact"
        form={form}
        tags={values.tags}
        onTags={(tags) => set('tags', tags)}
        ownerId={values.ownerId}
        onOwner={(id) => set('ownerId', id)}
      />
      <DuplicateWarning type="contacts" check={duplicates} />
    </FormPage>
  );
}

export default function ContactFormPage() {
  const { id } = useParams();
  const query = useRecord<Contact>('contacts', id);
  if (!id) return <ContactForm contact={null} />;
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <ContactForm key={query.data.version} contact={query.data} onReload={() => void query.refetch()} />;
}
