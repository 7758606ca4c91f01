// A link to a contact, company or deal page, labelled with the record's name as the entry itself
// carries it (`linked` on activities, tasks and timeline entries), so a list of rows makes no
// request per record. A record in the trash has no page to go to: its name shows as plain text
// with a hint.
import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LinkedRecord } from '../../../contract/activities.ts';
import { shownName } from '../../ui/names.ts';
import { collectionOf } from './recordApi.ts';

export function RecordLink({ record }: { record: LinkedRecord }) {
  const { t } = useTranslation();
  // A contact with no name, email or phone (see personNameSql) still needs a label.
  const label =
    record.type === 'contact' ? shownName(record.name, t) : record.name || t(`activities.linkKind.${record.type}`);
  if (record.trashed) {
    return (
      <Text span size="xs" c="dimmed" data-testid={`link-${record.type}`} data-trashed="true">
        {label} {t('customer.linkInTrash')}
      </Text>
    );
  }
  return (
    <Anchor
      component={Link}
      to={`/${collectionOf[record.type]}/${record.id}`}
      size="xs"
      data-testid={`link-${record.type}`}
    >
      {label}
    </Anchor>
  );
}
