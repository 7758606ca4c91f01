// List metadata: each list's fields, described from the same Fields maps the lists filter
// and sort with, so that no client keeps its own copy of them.
import type { ListField, ListMeta, ListResource } from '../../../contract/meta.ts';
import { operatorsOf, type Fields } from '../../platform/http/listing.ts';
import { contactFields } from '../contacts/contacts.repository.ts';
import { companyFields } from '../companies/companies.repository.ts';
import { dealFields } from '../deals/deals.repository.ts';
import { taskFields } from '../tasks/tasks.repository.ts';
import { activityFields } from '../activities/activities.repository.ts';
import { productFields } from '../products/products.repository.ts';

export const listFields: Record<ListResource, Fields> = {
  contacts: contactFields,
  companies: companyFields,
  deals: dealFields,
  tasks: taskFields,
  activities: activityFields,
  products: productFields,
};

export function describeFields(fields: Fields): ListField[] {
  return Object.entries(fields).map(([name, field]) => ({
    name,
    kind: field.kind,
    operators: operatorsOf(field),
    ...(field.values ? { values: [...field.values] } : {}),
    // The same rule as the list's sort parameter: arrays never sort.
    sortable: !field.unsortable && field.kind !== 'array',
    nullable: Boolean(field.nullable),
  }));
}

export function listMetaOf(resource: ListResource): ListMeta {
  return { resource, fields: describeFields(listFields[resource]) };
}
