// A link to a contact, company or deal page by id, labelled with the record's name, read through
// the same cache as the record's own page (so a list of rows fetches each record once).
import { Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Company } from '../../../contract/companies.ts';
import type { Contact } from '../../../contract/contacts.ts';
import type { Deal } from '../../../contract/deals.ts';
import { fullName } from './names.ts';
import { collectionOf, fetchRecord, recordKeys, type RecordRef } from './customerApi.ts';

function nameOf(ref: RecordRef, record: unknown): string {
  if (ref.type === 'contact') return fullName(record as Contact);
  if (ref.type === 'company') return (record as Company).name;
  return (record as Deal).title;
}

export function RecordLink({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: recordKeys.detail(record),
    queryFn: ({ signal }) => fetchRecord<unknown>(record, signal),
    staleTime: 60_000,
    retry: false,
  });
  // Until the name is there (or when the record is gone), the kind of record stands in for it.
  const label = query.data ? nameOf(record, query.data) : t(`activities.linkKind.${record.type}`);
  return (
    <Anchor component={Link} to={`/${collectionOf[record.type]}/${record.id}`} size="xs" data-testid={`link-${record.type}`}>
      {label}
    </Anchor>
  );
}
