// Pipelines, second step: stages are retired instead of deleted (trashed deals and the
// stage history keep pointing at them), one default pipeline per workspace is enforced by
// the database, and stage edits reach the audit log like every other configuration change.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
alter table pipeline_stages add column removed_at timestamptz(3);

create unique index pipelines_one_default on pipelines (workspace_id) where is_default and deleted_at is null;

create trigger pipeline_stages_audit after insert or update or delete on pipeline_stages
  for each row execute function farley_audit('pipeline_stage');
`)
    .execute(db);
}
