// What every module gets: the configuration and the databases.
import type { Config } from './config.ts';
import type { Databases } from './db/database.ts';

export interface AppContext {
  config: Config;
  db: Databases;
}
