// What every module gets: the configuration, the databases and the keys that seal secrets.
import type { Config } from './config.ts';
import type { Databases } from './db/database.ts';
import type { SecretKeys } from './secrets.ts';

export interface AppContext {
  config: Config;
  db: Databases;
  /** The keys of secrets Farley reads back (mailbox passwords); see secrets.ts. */
  secrets: SecretKeys;
}
