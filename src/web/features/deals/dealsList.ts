// The deals as a list: its columns (in chooser order), the defaults, the fields the server
// filters by, the page a row opens and the bulk actions it offers.
import { dealStatuses } from '../../../contract/deals.ts';
import { col, ownerColumn, refLink, tagsColumn, timestamps } from '../lists/columns.tsx';
import type { ResourceConfig } from '../lists/listTypes.ts';

export const dealsConfig: ResourceConfig = {
  resource: 'deals',
  title: 'lists.titles.deals',
  href: (record) => `/deals/${record.id}`,
  primary: 'title',
  columns: [
    col('title', 240),
    col('amount', 140),
    col('status', 100),
    // In the pipeline's order of stages, as on the board.
    col('stageId', 150),
    col('probability', 110),
    col('expectedCloseDate', 140),
    ownerColumn,
    refLink('companyId', 'companies', 'companyName'),
    refLink('contactId', 'contacts', 'contactName'),
    tagsColumn,
    col('currency', 90),
    col('lostReason', 180),
    col('probabilityOverridden', 120),
    col('stageEnteredAt', 170),
    col('closedAt', 170),
    ...timestamps,
  ],
  defaultColumns: ['title', 'amount', 'status', 'stageId', 'companyId', 'expectedCloseDate', 'ownerId'],
  fields: [
    { name: 'title', kind: 'text' },
    { name: 'companyId', kind: 'uuid', nullable: true },
    { name: 'contactId', kind: 'uuid', nullable: true },
    { name: 'pipelineId', kind: 'uuid' },
    { name: 'stageId', kind: 'uuid' },
    { name: 'amount', kind: 'decimal', nullable: true },
    { name: 'currency', kind: 'text' },
    { name: 'expectedCloseDate', kind: 'date', nullable: true },
    { name: 'probability', kind: 'integer' },
    { name: 'probabilityOverridden', kind: 'boolean' },
    { name: 'status', kind: 'enum', values: dealStatuses },
    { name: 'lostReason', kind: 'text', nullable: true },
    { name: 'ownerId', kind: 'uuid', nullable: true },
    { name: 'tags', kind: 'array' },
    { name: 'stageEnteredAt', kind: 'timestamp' },
    { name: 'closedAt', kind: 'timestamp', nullable: true },
    { name: 'lastActivityAt', kind: 'timestamp', nullable: true },
    { name: 'createdAt', kind: 'timestamp' },
    { name: 'updatedAt', kind: 'timestamp' },
  ],
  commonFields: ['stageId', 'status', 'ownerId', 'companyId', 'amount', 'expectedCloseDate'],
  pickers: { companyId: 'company', contactId: 'contact' },
  bulk: ['assignOwner', 'trash'],
  newHref: '/deals/new',
};
