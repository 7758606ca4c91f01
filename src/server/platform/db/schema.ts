// The database as Kysely sees it: one interface per table, in snake_case as stored.
import type { ColumnType, Generated, Kysely } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;
/** A JSON column with a default: an insert may leave it out. */
type JsonWithDefault<T> = ColumnType<T, string | T | undefined, string | T>;
/** A nullable time the API writes as ISO 8601 text. */
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Numeric = ColumnType<string, string | number, string | number>;
type DateOnly = ColumnType<string, string, string>;

interface RecordColumns {
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface Labelled {
  label?: string | null;
}
export interface EmailEntry extends Labelled {
  email: string;
  primary?: boolean;
}
export interface PhoneEntry extends Labelled {
  number: string;
  e164: string | null;
  primary?: boolean;
}
export interface AddressEntry extends Labelled {
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  region?: string | null;
  country?: string | null;
  primary?: boolean;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  default_country: Generated<string>;
  default_currency: Generated<string>;
  created_at: Generated<Date>;
  /** Whose public holidays the calendar shows: a country, or country-state as in DE-BY (0053). */
  holiday_region: Generated<string>;
  /** Who must sign in with a second factor (0057). */
  two_factor_required: Generated<'nobody' | 'admins' | 'everyone'>;
}

/** Global: which workspaces have a user with this email; one row per email and workspace (0055). */
export interface UserLoginsTable {
  email: string;
  workspace_id: string;
  user_id: string;
  /** When the user last signed in with a password (0058). */
  last_sign_in_at: Generated<Date | null>;
}
/** A workspace's OpenID Connect identity provider (0059). */
export interface OidcProvidersTable {
  workspace_id: string;
  enabled: Generated<boolean>;
  issuer: string;
  client_id: string;
  /** Sealed (platform/secrets.ts). */
  client_secret: Buffer;
  label: string;
  allowed_domains: Generated<string[]>;
  password_sign_in: Generated<boolean>;
  auto_create: Generated<boolean>;
  default_role: Generated<'viewer' | 'agent' | 'manager' | 'admin'>;
  updated_at: Generated<Date>;
}
/** Which workspaces' identity providers serve an email domain (0059; global, like user_logins). */
export interface OidcDomainsTable {
  domain: string;
  workspace_id: string;
}
/** A sign-in attempt not (yet) known to have succeeded, per key (email or address). */
export interface LoginFailuresTable {
  key: string;
  at: Generated<Date>;
  /** To take back one's own attempt when it succeeded or was refused (0057). */
  id: Generated<string>;
}

/** A user's TOTP secret, sealed; enabled once the first code confirmed it (0057). */
export interface UserTwoFactorTable {
  workspace_id: string;
  user_id: string;
  secret_sealed: Buffer;
  enabled_at: NullableTimestamp;
  last_used_step: ColumnType<string | null, number | null | undefined, number | null>;
  created_at: Generated<Date>;
}

/** SHA-256 of a recovery code, used once (0057). */
export interface RecoveryCodesTable {
  workspace_id: string;
  user_id: string;
  code_hash: Buffer;
  used_at: NullableTimestamp;
  created_at: Generated<Date>;
}

/** A right password waiting for its second factor (0057). */
export interface SignInChallengesTable {
  workspace_id: string;
  id: string;
  user_id: string;
  secret_hash: Buffer;
  email: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
}

export interface UsersTable extends RecordColumns {
  workspace_id: string;
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'agent' | 'viewer' | 'partner';
  locale: Generated<string>;
  active: Generated<boolean>;
  password_hash: string | null;
}

export interface TeamsTable extends RecordColumns {
  workspace_id: string;
  id: string;
  name: string;
  description: string | null;
  /** A partner organisation: its members (partners) see the records its members own. */
  partner: Generated<boolean>;
}
export interface AccessRulesTable {
  workspace_id: string;
  role: string;
  record_type: string;
  read_scope: string;
  write_scope: string;
}
export interface FieldRulesTable {
  workspace_id: string;
  role: string;
  record_type: string;
  field: string;
  access: string;
}
export interface TeamMembersTable {
  workspace_id: string;
  team_id: string;
  user_id: string;
}

export interface SessionsTable {
  workspace_id: string;
  id: string;
  user_id: string;
  secret_hash: Buffer;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
  /** The browser and address the session was started from (0058), shown on the account page. */
  user_agent: Generated<string | null>;
  ip: Generated<string | null>;
}

/** A one-time password reset link, by its secret's hash (0058). */
export interface PasswordResetsTable {
  workspace_id: string;
  id: string;
  user_id: string;
  secret_hash: Buffer;
  issued_by: 'email' | 'admin';
  created_by: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}

export interface ApiTokensTable extends RecordColumns {
  workspace_id: string;
  id: string;
  user_id: string;
  name: string;
  secret_hash: Buffer;
  last_used_at: Date | null;
  expires_at: Date | null;
  /** 'api': a bearer token of the REST API; 'dav': an app password of the DAV server (0054). */
  kind: Generated<'api' | 'dav'>;
}

/** A user's CardDAV or CalDAV collection: its last change number and its settings (0054). */
export interface DavCollectionsTable {
  workspace_id: string;
  user_id: string;
  collection: 'contacts' | 'calendar';
  seq: Generated<string>;
  /** The saved view of contacts an address book shows; null: the contacts the user owns. */
  view_id: string | null;
}

/** The name a client gave a calendar object, where it is not "<UID>.ics" (0054). */
export interface DavObjectNamesTable {
  workspace_id: string;
  user_id: string;
  collection: 'contacts' | 'calendar';
  uid: string;
  href: string;
}

/** What a DAV collection held when last looked at, for sync tokens (0054). */
export interface DavItemsTable {
  workspace_id: string;
  user_id: string;
  collection: 'contacts' | 'calendar';
  href: string;
  etag: string;
  seq: string;
  deleted: Generated<boolean>;
}

interface Reachable {
  emails: JsonWithDefault<EmailEntry[]>;
  phones: JsonWithDefault<PhoneEntry[]>;
  addresses: JsonWithDefault<AddressEntry[]>;
  tags: Generated<string[]>;
  owner_id: string | null;
  email_list: Generated<string[]>;
  phone_list: Generated<string[]>;
  cities: Generated<string[]>;
  postal_codes: Generated<string[]>;
  search_text: Generated<string>;
  /** The words of search_text (migration 0013), set by a trigger. */
  search_words: Generated<string[]>;
  last_activity_at: Date | null;
  /** The workspace's customer number (migration 0021): unique among live records of the table. */
  customer_number: string | null;
  /** The record's id in another system (migration 0021), not unique. */
  external_id: string | null;
  /** The data-quality score 0–100 (migration 0025), null until first scored. */
  quality: number | null;
  /** Why the score is lower, as stable keys ('missing_email_or_phone', 'stale' …). */
  quality_reasons: Generated<string[]>;
  /** The customer's price list (0032), null: the workspace's default list applies. */
  price_list_id: string | null;
}

/**
 * The newest analytics run's results for a contact or company (0042, in tables of their own since
 * 0048): null when the run held no such customer.
 */
export interface ScoresTable {
  workspace_id: string;
  id: string;
  abc_class: 'A' | 'B' | 'C' | null;
  rfm_segment: string | null;
  p_alive: string | null;
  clv: string | null;
  churn_signal: 'overdue' | 'falling' | null;
  window_revenue: string | null;
}

export interface CompaniesTable extends RecordColumns, Reachable {
  workspace_id: string;
  id: string;
  name: string;
  legal_form: string | null;
  industry: string | null;
  employee_count: number | null;
  annual_revenue: Numeric | null;
  annual_revenue_currency: string | null;
  website: string | null;
  vat_id: string | null;
  description: string | null;
  parent_company_id: string | null;
  /** Set on a company merged into another (0024): it is in the trash, the survivor has its place. */
  merged_into_id: string | null;
}

export interface ContactsTable extends RecordColumns, Reachable {
  workspace_id: string;
  id: string;
  salutation: string | null;
  title: string | null;
  first_name: string | null;
  last_name: string;
  birthday: DateOnly | null;
  job_title: string | null;
  lifecycle_stage: Generated<'lead' | 'prospect' | 'customer' | 'former' | 'other'>;
  source: string | null;
  /** Set on a contact merged into another (0024): it is in the trash, the survivor has its place. */
  merged_into_id: string | null;
  /** Art. 18 restriction of processing (0060): when, by whom and why; all null when none. */
  restricted_at: NullableTimestamp;
  restricted_by: string | null;
  restriction_reason: string | null;
}

/** A workspace's own consent purpose beside the built-in ones (0060). */
export interface ConsentPurposesTable {
  workspace_id: string;
  key: string;
  label: string;
  description: string | null;
  channel: ConsentChannel;
  legal_basis: LegalBasis;
  created_at: Generated<Date>;
}

export type ConsentChannel = 'email' | 'phone' | 'post' | 'sms' | 'messenger' | 'in_person' | 'any';
export type LegalBasis = 'a' | 'b' | 'c' | 'd' | 'e' | 'f';

/** One entry of a contact's consent history (0060): append-only, the database refuses changes. */
export interface ConsentsTable {
  workspace_id: string;
  id: string;
  contact_id: string;
  purpose: string;
  channel: ConsentChannel;
  legal_basis: LegalBasis;
  status: 'granted' | 'withdrawn';
  effective_at: Timestamp;
  method: 'form' | 'email' | 'phone' | 'paper' | 'in_person' | 'import' | 'api' | 'other';
  wording: string | null;
  source: string | null;
  ip_address: string | null;
  note: string | null;
  import_id: string | null;
  recorded_by: string | null;
  recorded_at: Generated<Date>;
}

export interface AffiliationsTable extends RecordColumns {
  workspace_id: string;
  id: string;
  contact_id: string;
  company_id: string;
  job_title: string | null;
  buying_role: 'decision_maker' | 'influencer' | 'user' | 'gatekeeper' | 'buyer' | 'champion' | null;
  is_primary: Generated<boolean>;
}

export interface PipelinesTable extends RecordColumns {
  workspace_id: string;
  id: string;
  name: string;
  is_default: Generated<boolean>;
  position: Generated<number>;
}

export interface PipelineStagesTable {
  workspace_id: string;
  id: string;
  pipeline_id: string;
  name: string;
  position: number;
  probability: number;
  kind: 'open' | 'won' | 'lost';
  created_at: Generated<Date>;
  /** Set when a stage is taken out of its pipeline (0003); trashed deals and history still refer to it. */
  removed_at: Date | null;
}

export interface DealsTable extends RecordColumns {
  workspace_id: string;
  id: string;
  title: string;
  company_id: string | null;
  contact_id: string | null;
  pipeline_id: string;
  stage_id: string;
  amount: Numeric | null;
  currency: Generated<string>;
  expected_close_date: DateOnly | null;
  probability: number | null;
  status: Generated<'open' | 'won' | 'lost'>;
  lost_reason: string | null;
  lost_reason_id: string | null;
  owner_id: string | null;
  tags: Generated<string[]>;
  stage_entered_at: Generated<Date>;
  closed_at: Date | null;
  search_text: Generated<string>;
  search_words: Generated<string[]>;
  last_activity_at: Date | null;
}

export interface DealStageChangesTable {
  workspace_id: string;
  id: string;
  deal_id: string;
  from_stage_id: string | null;
  to_stage_id: string;
  changed_at: Generated<Date>;
  changed_by: string | null;
}

export type RecordType = 'contact' | 'company' | 'deal';

export interface ActivitiesTable extends RecordColumns {
  workspace_id: string;
  id: string;
  type: 'note' | 'call' | 'email' | 'meeting' | 'letter' | 'fax' | 'chat' | 'social' | 'visit' | 'sms';
  direction: Generated<'inbound' | 'outbound' | 'internal'>;
  subject: string | null;
  body: string | null;
  occurred_at: Timestamp;
  duration_minutes: number | null;
  outcome: string | null;
  author_id: string | null;
  /** The stored email this activity stands for on the timeline (0050). */
  email_id: Generated<string | null>;
  /** The appointment this activity stands for on the timeline (0053). */
  appointment_id: Generated<string | null>;
  /** Hidden from, or read-only for, roles with the field rule activity.confidential (0063). */
  confidential: Generated<boolean>;
}

export interface ActivityLinksTable {
  workspace_id: string;
  activity_id: string;
  record_type: RecordType;
  record_id: string;
  occurred_at: Timestamp;
}

export interface TasksTable extends RecordColumns {
  workspace_id: string;
  id: string;
  title: string;
  description: string | null;
  due_at: NullableTimestamp;
  remind_at: NullableTimestamp;
  reminded_at: Date | null;
  priority: Generated<'low' | 'normal' | 'high' | 'urgent'>;
  status: Generated<'open' | 'done' | 'cancelled'>;
  assignee_id: string | null;
  completed_at: Date | null;
}

export interface TaskLinksTable {
  workspace_id: string;
  task_id: string;
  record_type: RecordType;
  record_id: string;
}

/** Distinct words of search_text (migration 0011), for typo-tolerant search. */
export interface SearchWordsTable {
  workspace_id: string;
  word: string;
}

/** A word of a live record's search_words (migration 0015): contact_words, company_words, deal_words. */
export interface WordPostingsTable {
  workspace_id: string;
  word: string;
  record_id: string;
}

export interface NotificationsTable {
  workspace_id: string;
  id: string;
  user_id: string;
  kind: 'task_reminder' | 'appointment_reminder';
  task_id: string | null;
  /** An appointment's reminder: the appointment and the start of the occurrence (0053). */
  appointment_id: Generated<string | null>;
  starts_at: Generated<Date | null>;
  title: string;
  created_at: Generated<Date>;
  read_at: Date | null;
}

/** A record a user opened, for the start page's "recently viewed" (one row per user and record). */
export interface RecentViewsTable {
  workspace_id: string;
  user_id: string;
  record_type: RecordType;
  record_id: string;
  viewed_at: Generated<Date>;
}

export interface AuditLogTable {
  workspace_id: string;
  id: Generated<string>;
  at: Generated<Date>;
  actor_id: string | null;
  record_type: string;
  record_id: string;
  action: 'create' | 'update' | 'delete';
  changes: Record<string, [unknown, unknown]>;
}

/** The products and services catalogue (0031); the SKU is unique among live products. */
export interface ProductsTable extends RecordColumns {
  workspace_id: string;
  id: string;
  sku: string;
  name: string;
  description: string | null;
  unit: string;
  list_price: string;
  /** What one unit costs the business (0047), null when unknown. */
  cost_price: string | null;
  currency: string;
  vat_rate: string;
  product_group: string | null;
  active: Generated<boolean>;
  tags: Generated<string[]>;
}

/** Price lists (0032): one default per workspace; a percentage off list prices, entries, or both. */
export interface PriceListsTable extends RecordColumns {
  workspace_id: string;
  id: string;
  name: string;
  currency: string;
  is_default: Generated<boolean>;
  discount_percent: Numeric | null;
  valid_from: DateOnly | null;
  valid_until: DateOnly | null;
}

/** A price list's own price of a product (0032), in the list's currency. */
export interface PriceListEntriesTable {
  workspace_id: string;
  id: string;
  price_list_id: string;
  product_id: string;
  price: Numeric;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Orders and returns (0034): entered in Farley, pushed through the API or imported. */
export interface OrdersTable extends RecordColumns {
  workspace_id: string;
  id: string;
  number: string | null;
  external_number: string | null;
  kind: Generated<'order' | 'return'>;
  status: Generated<'open' | 'delivered' | 'invoiced' | 'cancelled'>;
  order_date: DateOnly;
  company_id: string | null;
  contact_id: string | null;
  currency: string;
  net_total: Numeric;
  vat_total: Numeric | null;
  gross_total: Numeric | null;
  quote_id: string | null;
  deal_id: string | null;
  owner_id: string | null;
  source: Generated<'farley' | 'import' | 'api'>;
}

/** An order's lines (0034), by position; sku and name as they were when ordered. */
export interface OrderLinesTable {
  workspace_id: string;
  order_id: string;
  position: number;
  product_id: string | null;
  sku: string | null;
  name: string | null;
  quantity: Numeric;
  unit: string | null;
  unit_price: Numeric | null;
  net_amount: Numeric;
  vat_rate: Numeric | null;
}

/** What a customer bought (0038): per currency and product, kept by triggers on orders and lines. */
export interface CustomerProductsTable {
  workspace_id: string;
  customer_id: string;
  currency: string;
  product_key: string;
  product_id: string | null;
  sku: string | null;
  name: string | null;
  quantity: Numeric;
  revenue: Numeric;
  lines: number;
}

/** A workspace's settings for its analyses (0040). */
export interface AnalyticsSettingsTable {
  workspace_id: string;
  window_months: number;
  abc_a: Numeric;
  abc_b: Numeric;
  horizon_months: number;
  discount_rate: Numeric;
  /** What ABC ranks by (0047): net revenue, or contribution margin where costs are known. */
  abc_basis: Generated<'revenue' | 'margin'>;
  updated_at: Generated<Date>;
}

/** One run of the analyses (0040): as of a date, with its settings and fitted parameters. */
export interface AnalyticsRunsTable {
  workspace_id: string;
  id: string;
  as_of: string;
  settings: Json<Record<string, unknown>>;
  currency: string;
  customers: number;
  abc: Json<Record<'A' | 'B' | 'C', number>>;
  bgnbd: Json<Record<string, number>> | null;
  gamma_gamma: Json<Record<string, number>> | null;
  note: string | null;
  created_by: string | null;
  started_at: Generated<Date>;
  finished_at: Date | null;
}

/** A customer's results of one run (0040). */
export interface CustomerAnalyticsTable {
  workspace_id: string;
  run_id: string;
  customer_type: 'company' | 'contact';
  customer_id: string;
  purchase_days: number;
  first_order: string;
  last_order: string;
  revenue_total: Numeric;
  revenue_window: Numeric;
  revenue_previous: Numeric;
  orders_window: number;
  abc_class: 'A' | 'B' | 'C' | null;
  rfm_r: number | null;
  rfm_f: number | null;
  rfm_m: number | null;
  rfm_segment: string | null;
  p_alive: number | null;
  expected_purchases: number | null;
  expected_spend: Numeric | null;
  clv: Numeric | null;
  churn_signal: 'overdue' | 'falling' | null;
  churn_detail: Json<Record<string, number>> | null;
  /** Net revenue minus the known costs (0047): to date and in the window; null without any cost. */
  margin_total: Numeric | null;
  margin_window: Numeric | null;
  /** The share of the revenue to date whose costs are known (0..1). */
  cost_coverage: number | null;
}

/** Which products customers who bought one also bought, per run (0041). */
export interface ProductRulesTable {
  workspace_id: string;
  run_id: string;
  product_id: string;
  other_id: string;
  customers_both: number;
  confidence: number;
  lift: number;
}

/** What to do next with a customer and why, made by an analytics run (0045). */
export interface NextActionsTable {
  workspace_id: string;
  id: string;
  run_id: string | null;
  customer_type: 'company' | 'contact';
  customer_id: string;
  owner_id: string | null;
  kind: 'retain' | 'revive' | 'crossSell' | 'followUpQuote' | 'completeData';
  subject_id: string | null;
  score: number;
  expected_value: Numeric | null;
  currency: string;
  reason: Json<Record<string, unknown>>;
  status: Generated<'open' | 'done' | 'dismissed'>;
  created_at: Generated<Date>;
  decided_at: Date | null;
  decided_by: string | null;
  task_id: string | null;
}

/** A workspace's rule for a potential: employees × yearly spend per employee, per industry (0046). */
export interface PotentialRulesTable {
  workspace_id: string;
  id: string;
  /** null: every industry without a rule of its own. */
  industry: string | null;
  per_employee: Numeric;
  basis: string;
}

/** A customer's potential as entered or imported, with its basis (0046). */
export interface CustomerPotentialsTable {
  workspace_id: string;
  id: string;
  customer_type: 'company' | 'contact';
  customer_id: string;
  amount: Numeric;
  basis: string;
  source: Generated<'entered' | 'imported'>;
  set_by: string | null;
  set_at: Generated<Date>;
}

/** A workspace's reasons for losing a deal (0019); `key` marks a default not renamed since. */
export interface LostReasonsTable {
  workspace_id: string;
  id: string;
  key: string | null;
  name: string;
  position: number;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MailboxesTable extends RecordColumns {
  workspace_id: string;
  id: string;
  owner_id: string;
  team_id: string | null;
  name: string;
  address: string;
  imap_host: string;
  imap_port: number;
  imap_security: 'tls' | 'starttls' | 'none';
  imap_trust_self_signed: Generated<boolean>;
  imap_username: string;
  /** Sealed (platform/secrets.ts), never the password itself. */
  imap_password: Buffer;
  smtp_host: string;
  smtp_port: number;
  smtp_security: 'tls' | 'starttls' | 'none';
  smtp_trust_self_signed: Generated<boolean>;
  smtp_username: string;
  /** Sealed (platform/secrets.ts), never the password itself. */
  smtp_password: Buffer;
  folders: Generated<string[]>;
  sync_since: ColumnType<string, string | undefined, string>;
  status: Generated<'unchecked' | 'ok' | 'failing'>;
  checked_at: Date | null;
  /** The failures of the last check, as the check result names them (contract/mailboxes.ts). */
  problems: ColumnType<Array<{ server: 'imap' | 'smtp'; code: string; message: string }>, string | undefined, string>;
  /** Keep every message, not only those with a known participant (0050). */
  store_all: Generated<boolean>;
  /** HTML added below what the user writes (0050). */
  signature: string | null;
  sync_state: Generated<'idle' | 'syncing' | 'failing'>;
  /** Until when one process holds the sync; another may take it over after. */
  sync_lease_until: Date | null;
  synced_at: Date | null;
  sync_error: string | null;
}

/** Where the sync of one folder stopped (0050). */
export interface MailboxFoldersTable {
  workspace_id: string;
  id: string;
  mailbox_id: string;
  path: string;
  uid_validity: string | null;
  last_uid: ColumnType<string, string | number | undefined, string | number>;
  uid_next: string | null;
  highest_modseq: string | null;
  messages_total: Generated<number>;
  messages_done: Generated<number>;
  first_sync_done: Generated<boolean>;
  synced_at: Date | null;
}

export interface EmailAddress {
  address: string;
  name?: string;
}

/** A message kept in the CRM (0050), once per workspace by Message-ID. */
export interface EmailsTable {
  workspace_id: string;
  id: string;
  mailbox_id: string;
  message_id: string;
  thread_id: string;
  in_reply_to: string | null;
  reference_ids: Generated<string[]>;
  subject: Generated<string>;
  from_address: Generated<string>;
  from_name: string | null;
  recipients: ColumnType<{ to: EmailAddress[]; cc: EmailAddress[]; bcc: EmailAddress[] }, string | undefined, string>;
  participants: Generated<string[]>;
  sent_at: Timestamp;
  direction: 'inbound' | 'outbound';
  text_body: Generated<string>;
  html_body: string | null;
  snippet: Generated<string>;
  auto_kind: 'bounce' | 'auto_reply' | null;
  bounced_addresses: Generated<string[]>;
  raw_sha256: string | null;
  size: Generated<number>;
  status: Generated<'stored' | 'scheduled' | 'sent' | 'failed'>;
  send_at: Date | null;
  send_error: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  search: ColumnType<string, never, never>;
}

export interface EmailLocationsTable {
  workspace_id: string;
  folder_id: string;
  uid: ColumnType<string, string | number, string | number>;
  email_id: string;
}

export interface EmailAttachmentsTable {
  workspace_id: string;
  id: string;
  email_id: string;
  position: number;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content_id: string | null;
  inline: Generated<boolean>;
}

export interface EmailExclusionsTable {
  workspace_id: string;
  user_id: string;
  kind: 'address' | 'message';
  value: string;
  created_at: Generated<Date>;
}

export interface EmailUnknownSendersTable {
  workspace_id: string;
  address: string;
  name: string | null;
  mailbox_owner_id: string;
  messages: Generated<number>;
  last_seen_at: Timestamp;
  signature: ColumnType<
    { name?: string; phone?: string; company?: string; jobTitle?: string },
    string | undefined,
    string
  >;
  dismissed: Generated<boolean>;
}

export interface EmailBouncesTable {
  workspace_id: string;
  address: string;
  bounced_at: Timestamp;
  email_id: string | null;
}

export interface MailSyncLogTable {
  workspace_id: string;
  id: string;
  mailbox_id: string;
  folder: string | null;
  uid: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  at: Generated<Date>;
  level: 'info' | 'skipped' | 'failed' | 'error';
  message: string;
  raw_sha256: string | null;
  resolved_at: Date | null;
}

/** Email templates (0051): owner_id null is a workspace template; body is sanitised HTML. */
export interface EmailTemplatesTable extends RecordColumns {
  workspace_id: string;
  id: string;
  owner_id: string | null;
  name: string;
  language: 'de' | 'en';
  formality: Generated<'formal' | 'informal'>;
  subject: string;
  body: string;
}

export interface SavedViewsTable {
  workspace_id: string;
  id: string;
  resource: 'contacts' | 'companies' | 'deals';
  name: string;
  shared: boolean;
  owner_id: string;
  config: Json<Record<string, unknown>>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Pairs the duplicate scan found (0023), a_id < b_id; dismissed ones stay dismissed. */
export interface DuplicatePairsTable {
  workspace_id: string;
  type: 'contacts' | 'companies';
  a_id: string;
  b_id: string;
  score: number;
  reasons: string[];
  status: Generated<'open' | 'dismissed'>;
  found_at: Generated<Date>;
  dismissed_by: string | null;
  dismissed_at: NullableTimestamp;
}

export interface DuplicateModelsTable {
  workspace_id: string;
  type: 'contacts' | 'companies';
  model: Json<unknown>;
  trained_at: Generated<Date>;
}

export interface DuplicateScansTable {
  workspace_id: string;
  id: string;
  type: 'contacts' | 'companies';
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  records: number | null;
  candidate_pairs: number | null;
  pairs: number | null;
  error: string | null;
  requested_by: string | null;
  created_at: Generated<Date>;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface Database {
  workspaces: WorkspacesTable;
  user_logins: UserLoginsTable;
  login_failures: LoginFailuresTable;
  oidc_providers: OidcProvidersTable;
  oidc_domains: OidcDomainsTable;
  users: UsersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  sessions: SessionsTable;
  user_two_factor: UserTwoFactorTable;
  recovery_codes: RecoveryCodesTable;
  sign_in_challenges: SignInChallengesTable;
  password_resets: PasswordResetsTable;
  api_tokens: ApiTokensTable;
  dav_collections: DavCollectionsTable;
  dav_items: DavItemsTable;
  dav_object_names: DavObjectNamesTable;
  companies: CompaniesTable;
  companies_listed: CompaniesTable & Omit<ScoresTable, 'workspace_id' | 'id'>;
  company_scores: ScoresTable;
  contacts: ContactsTable;
  /** Contacts with their scores (0048): what the lists read. */
  contacts_listed: ContactsTable & Omit<ScoresTable, 'workspace_id' | 'id'>;
  contact_scores: ScoresTable;
  consent_purposes: ConsentPurposesTable;
  consents: ConsentsTable;
  affiliations: AffiliationsTable;
  pipelines: PipelinesTable;
  pipeline_stages: PipelineStagesTable;
  deals: DealsTable;
  deal_stage_changes: DealStageChangesTable;
  lost_reasons: LostReasonsTable;
  mailboxes: MailboxesTable;
  mailbox_folders: MailboxFoldersTable;
  emails: EmailsTable;
  email_locations: EmailLocationsTable;
  email_attachments: EmailAttachmentsTable;
  email_exclusions: EmailExclusionsTable;
  email_unknown_senders: EmailUnknownSendersTable;
  mail_sync_log: MailSyncLogTable;
  email_bounces: EmailBouncesTable;
  email_templates: EmailTemplatesTable;
  appointments: AppointmentsTable;
  appointment_overrides: AppointmentOverridesTable;
  appointment_attendees: AppointmentAttendeesTable;
  calendar_feeds: CalendarFeedsTable;
  blocked_values: BlockedValuesTable;
  legal_holds: LegalHoldsTable;
  retention_rules: RetentionRulesTable;
  retention_runs: RetentionRunsTable;
  processing_records: ProcessingRecordsTable;
  products: ProductsTable;
  price_lists: PriceListsTable;
  price_list_entries: PriceListEntriesTable;
  orders: OrdersTable;
  sales_document_files: SalesDocumentFilesTable;
  order_lines: OrderLinesTable;
  order_line_months: OrderLineMonthsTable;
  reports: ReportsTable;
  dashboards: DashboardsTable;
  customer_products: CustomerProductsTable;
  analytics_settings: AnalyticsSettingsTable;
  analytics_runs: AnalyticsRunsTable;
  customer_analytics: CustomerAnalyticsTable;
  product_rules: ProductRulesTable;
  next_actions: NextActionsTable;
  potential_rules: PotentialRulesTable;
  customer_potentials: CustomerPotentialsTable;
  activities: ActivitiesTable;
  activity_links: ActivityLinksTable;
  tasks: TasksTable;
  task_links: TaskLinksTable;
  audit_log: AuditLogTable;
  access_rules: AccessRulesTable;
  field_rules: FieldRulesTable;
  saved_views: SavedViewsTable;
  notifications: NotificationsTable;
  recent_views: RecentViewsTable;
  search_words: SearchWordsTable;
  contact_words: WordPostingsTable;
  company_words: WordPostingsTable;
  deal_words: WordPostingsTable;
  duplicate_pairs: DuplicatePairsTable;
  duplicate_models: DuplicateModelsTable;
  duplicate_scans: DuplicateScansTable;
  merges: MergesTable;
  quality_snapshots: QualitySnapshotsTable;
  document_sequences: DocumentSequencesTable;
  numbering_patterns: NumberingPatternsTable;
  letterheads: LetterheadsTable;
  letterhead_logos: LetterheadLogosTable;
  quotes: QuotesTable;
  quote_lines: QuoteLinesTable;
  sales_settings: SalesSettingsTable;
}

/** A quote (0033): a draft until issued; revisions share root_id and number. */
export interface QuotesTable extends RecordColumns {
  workspace_id: string;
  id: string;
  root_id: string;
  number: string | null;
  revision: Generated<number>;
  company_id: string | null;
  contact_id: string | null;
  deal_id: string | null;
  status: Generated<'draft' | 'sent' | 'accepted' | 'declined' | 'superseded'>;
  language: 'de' | 'en';
  currency: string;
  prices_entered: Generated<'net' | 'gross'>;
  tax_treatment: Generated<'standard' | 'reverseCharge' | 'smallBusiness'>;
  quote_date: DateOnly;
  valid_until: DateOnly;
  subject: string;
  introduction: string | null;
  terms: string | null;
  closing: string | null;
  customer_reference: string | null;
  discount_kind: 'percent' | 'amount' | null;
  discount_value: Numeric | null;
  net_total: ColumnType<string, string | undefined, string>;
  vat_total: ColumnType<string, string | undefined, string>;
  gross_total: ColumnType<string, string | undefined, string>;
  totals: JsonWithDefault<unknown>;
  issued_at: NullableTimestamp;
  sent_at: NullableTimestamp;
  decided_at: NullableTimestamp;
  decline_reason: string | null;
  owner_id: string | null;
}

/** A line of a quote (0033), replaced as a whole with each change of a draft. */
export interface QuoteLinesTable {
  workspace_id: string;
  quote_id: string;
  position: number;
  kind: 'item' | 'heading' | 'text';
  product_id: string | null;
  sku: string | null;
  name: string | null;
  description: string | null;
  quantity: Numeric | null;
  unit: string | null;
  unit_price: Numeric | null;
  discount_kind: 'percent' | 'amount' | null;
  discount_value: Numeric | null;
  vat_rate: Numeric | null;
  optional: Generated<boolean>;
  text: string | null;
}

/** A workspace's sales settings (0033); a workspace without a row has the defaults. */
export interface SalesSettingsTable {
  workspace_id: string;
  small_business: Generated<boolean>;
  quote_validity_days: Generated<number>;
  quote_terms: string | null;
  quote_closing: string | null;
  version: Generated<number>;
  updated_at: Generated<Date>;
}

/** The last number given per kind of sales document and year (migration 0030). */
export interface DocumentSequencesTable {
  workspace_id: string;
  kind: 'quote' | 'order';
  year: number;
  last_number: number;
}

/** A workspace's own numbering pattern of a kind of sales document (migration 0030). */
export interface NumberingPatternsTable {
  workspace_id: string;
  kind: 'quote' | 'order';
  pattern: string;
  updated_at: Generated<Date>;
}

/** The workspace's letterhead on printed sales documents (migration 0035); id = workspace_id. */
export interface LetterheadsTable {
  workspace_id: string;
  id: string;
  company_name: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  country: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  vat_id: string | null;
  tax_number: string | null;
  register_court: string | null;
  register_number: string | null;
  management: string | null;
  bank_name: string | null;
  iban: string | null;
  bic: string | null;
  logo_type: 'image/png' | 'image/jpeg' | null;
  logo_sha256: string | null;
  version: Generated<number>;
  updated_at: Generated<Date>;
}

/** The letterhead's logo (migration 0035), apart from the audited row. */
/** The PDF of an issued quote or order confirmation (0037); never changed once stored. */
export interface SalesDocumentFilesTable {
  workspace_id: string;
  document_kind: 'quote' | 'order';
  document_id: string;
  file_name: string;
  bytes: Buffer;
  sha256: string;
  created_at: Generated<Date>;
}

export interface LetterheadLogosTable {
  workspace_id: string;
  content_type: 'image/png' | 'image/jpeg';
  bytes: Buffer;
}

/** The daily average data-quality score per record type (migration 0025). */
export interface QualitySnapshotsTable {
  workspace_id: string;
  type: 'contacts' | 'companies';
  day: DateOnly;
  average: Numeric;
  records: number;
  below_60: number;
}

/** A merge of duplicates (0024), with what it changed, to undo it. */
export interface MergesTable {
  workspace_id: string;
  id: string;
  type: 'contacts' | 'companies';
  survivor_id: string;
  merged_ids: string[];
  fields: Json<Record<string, string>>;
  keep_all: Generated<string[]>;
  before: Json<Record<string, unknown>>;
  moved: Json<Record<string, unknown>>;
  actor_id: string | null;
  created_at: Generated<Date>;
  undone_at: Date | null;
  undone_by: string | null;
}

/** A saved report (0043): a definition of record type, filters, groupings, measures and chart. */
export interface ReportsTable {
  workspace_id: string;
  id: string;
  name: string;
  description: string | null;
  shared: boolean;
  owner_id: string;
  definition: Json<Record<string, unknown>>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A dashboard (0043): tiles of saved reports and built-in tiles. */
export interface DashboardsTable {
  workspace_id: string;
  id: string;
  name: string;
  shared: boolean;
  owner_id: string;
  tiles: JsonWithDefault<unknown[]>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Order lines' monthly totals (0043) per currency, status, kind and product; kept by triggers. */
export interface OrderLineMonthsTable {
  workspace_id: string;
  month: DateOnly;
  currency: string;
  status: string;
  kind: string;
  product_id: string;
  quantity: Numeric;
  net_amount: Numeric;
  lines: number;
}

/** The database, as every query sees it: a pool, or a transaction or connection of one. */
export type Db = Kysely<Database>;

/** An appointment or a recurring series (0053). */
export interface AppointmentsTable extends RecordColumns {
  workspace_id: string;
  id: string;
  uid: string;
  owner_id: string;
  title: string;
  description: string | null;
  location: string | null;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  all_day: boolean;
  /** The RRULE value (without "RRULE:"), in the appointment's time zone. */
  rrule: string | null;
  exdates: Generated<Date[]>;
  /** The end of the last occurrence of a series; null for one without end. */
  repeats_until: Date | null;
  /** Minutes before the start. */
  reminders: Generated<number[]>;
  status: Generated<'tentative' | 'confirmed' | 'cancelled'>;
  sequence: Generated<number>;
  invited_at: Date | null;
}

/** One changed or cancelled occurrence of a series, keyed by its original start (0053). */
export interface AppointmentOverridesTable {
  workspace_id: string;
  appointment_id: string;
  recurrence_id: Date;
  cancelled: Generated<boolean>;
  title: string | null;
  description: string | null;
  location: string | null;
  starts_at: Date;
  ends_at: Date;
}

export type AttendeeStatus = 'needs-action' | 'accepted' | 'declined' | 'tentative' | 'delegated';

export interface AppointmentAttendeesTable {
  workspace_id: string;
  appointment_id: string;
  id: string;
  /** Null for a contact without an email address: on the appointment, but not invited by mail. */
  email: string | null;
  name: string | null;
  contact_id: string | null;
  user_id: string | null;
  status: Generated<AttendeeStatus>;
  responded_at: Date | null;
}

export interface CalendarFeedsTable {
  workspace_id: string;
  user_id: string;
  id: string;
  secret_hash: Buffer;
  created_at: Generated<Date>;
}

// Privacy (migration 0061).
export interface BlockedValuesTable {
  workspace_id: string;
  id: string;
  kind: 'email' | 'phone';
  /** HMAC-SHA-256 of the normalised value (privacy/blocking.ts). */
  hash: Buffer;
  reason: 'erasure' | 'retention' | 'manual';
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface LegalHoldsTable {
  workspace_id: string;
  record_type: 'contact' | 'company' | 'deal';
  record_id: string;
  reason: string;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface RetentionRulesTable {
  workspace_id: string;
  id: string;
  record_type: 'contact' | 'deal';
  /** A lifecycle stage (contacts) or a deal status; null: any. */
  status: string | null;
  months: number;
  action: 'delete' | 'anonymise';
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RetentionRunsTable {
  workspace_id: string;
  id: string;
  trigger: 'schedule' | 'manual';
  actor_id: string | null;
  started_at: Generated<Date>;
  finished_at: Date | null;
  report: JsonWithDefault<RetentionReport>;
}

export interface RetentionReport {
  rules?: Array<{
    ruleId: string;
    recordType: string;
    status: string | null;
    months: number;
    action: string;
    done: number;
    held: number;
  }>;
  total?: number;
  held?: number;
  error?: string;
}

export interface ProcessingRecordsTable {
  workspace_id: string;
  document: string;
  updated_by: string | null;
  updated_at: Generated<Date>;
}
