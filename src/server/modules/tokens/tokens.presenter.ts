// What the API shows of an API token.
import type { ApiToken } from '../../../contract/tokens.ts';
import { iso, type Row } from '../../platform/presenting.ts';

export type ApiTokenRow = Pick<
  Row<'api_tokens'>,
  'id' | 'version' | 'name' | 'user_id' | 'expires_at' | 'last_used_at' | 'created_at' | 'updated_at' | 'deleted_at'
>;

/** A token as reads show it: never the secret, nor its hash. */
export function presentApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    userId: row.user_id,
    expiresAt: iso(row.expires_at),
    lastUsedAt: iso(row.last_used_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}
