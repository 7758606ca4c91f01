// The ordered list of migrations; a migration is never edited after it has landed.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0003 from './0003_pipeline_stages.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0003_pipeline_stages': m0003,
};
