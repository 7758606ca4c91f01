// What the API shows of a saved view.
import type { View, ViewConfig } from '../../../contract/views.ts';
import type { ViewRow } from './views.repository.ts';

export function presentView(row: ViewRow): View {
  return {
    id: row.id,
    version: row.version,
    resource: row.resource,
    name: row.name,
    shared: row.shared,
    ownerId: row.owner_id,
    config: row.config as ViewConfig,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
