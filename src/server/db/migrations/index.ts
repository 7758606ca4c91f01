// The ordered list of migrations; a migration is never edited after it has landed.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_contacts.ts';
import * as m0003 from './0003_pipeline_stages.ts';
import * as m0004 from './0004_audit_actor.ts';
import * as m0007 from './0007_leakproof_operators.ts';
import * as m0008 from './0008_search_and_lookup_indexes.ts';
import * as m0009 from './0009_saved_views.ts';
import * as m0010 from './0010_notifications.ts';
import * as m0011 from './0011_search_words.ts';
import * as m0012 from './0012_contact_list_filters.ts';
import * as m0013 from './0013_search_word_index.ts';
import * as m0014 from './0014_gin_pending_lists.ts';
import * as m0015 from './0015_word_postings.ts';
import * as m0016 from './0016_force_row_security.ts';
import * as m0017 from './0017_workspace_search_indexes.ts';
import * as m0018 from './0018_start_page.ts';
import * as m0019 from './0019_lost_reasons.ts';
import * as m0020 from './0020_contact_stage_order.ts';
import * as m0021 from './0021_customer_numbers.ts';
import * as m0022 from './0022_imports.ts';
import * as m0023 from './0023_duplicates.ts';
import * as m0024 from './0024_merges.ts';
import * as m0025 from './0025_data_quality.ts';
import * as m0027 from './0027_free_mail.ts';
import * as m0028 from './0028_import_functions.ts';
import * as m0029 from './0029_scoped_match_keys.ts';
import * as m0030 from './0030_document_numbers.ts';
import * as m0031 from './0031_products.ts';
import * as m0032 from './0032_price_lists.ts';
import * as m0033 from './0033_quotes.ts';
import * as m0034 from './0034_orders.ts';
import * as m0035 from './0035_letterhead.ts';
import * as m0036 from './0036_product_imports.ts';
import * as m0037 from './0037_sales_document_files.ts';
import * as m0038 from './0038_customer_products.ts';
import * as m0039 from './0039_order_import_records.ts';
import * as m0040 from './0040_analytics.ts';
import * as m0041 from './0041_product_rules.ts';
import * as m0042 from './0042_customer_analytics_fields.ts';
import * as m0043 from './0043_reports.ts';
import * as m0044 from './0044_forecast_snapshots.ts';
import * as m0045 from './0045_next_actions.ts';
import * as m0046 from './0046_potentials.ts';
import * as m0047 from './0047_margins.ts';
import * as m0048 from './0048_customer_scores.ts';
import * as m0049 from './0049_mailboxes.ts';
import * as m0050 from './0050_emails.ts';
import * as m0051 from './0051_email_templates.ts';
import * as m0052 from './0052_email_search.ts';
import * as m0053 from './0053_appointments.ts';
import * as m0054 from './0054_dav.ts';
import * as m0055 from './0055_shared_login_emails.ts';
import * as m0062 from './0062_record_access.ts';
import * as m0059 from './0059_oidc.ts';
import * as m0057 from './0057_two_factor.ts';
import * as m0058 from './0058_account.ts';
import * as m0061 from './0061_privacy.ts';
import * as m0063 from './0063_confidential_notes.ts';
import * as m0064 from './0064_owner_in_scope.ts';
import * as m0060 from './0060_consents.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_contacts': m0002,
  '0003_pipeline_stages': m0003,
  '0004_audit_actor': m0004,
  '0007_leakproof_operators': m0007,
  '0008_search_and_lookup_indexes': m0008,
  '0009_saved_views': m0009,
  '0010_notifications': m0010,
  '0011_search_words': m0011,
  '0012_contact_list_filters': m0012,
  '0013_search_word_index': m0013,
  '0014_gin_pending_lists': m0014,
  '0015_word_postings': m0015,
  '0016_force_row_security': m0016,
  '0017_workspace_search_indexes': m0017,
  '0018_start_page': m0018,
  '0019_lost_reasons': m0019,
  '0020_contact_stage_order': m0020,
  '0021_customer_numbers': m0021,
  '0022_imports': m0022,
  '0023_duplicates': m0023,
  '0024_merges': m0024,
  '0025_data_quality': m0025,
  '0027_free_mail': m0027,
  '0028_import_functions': m0028,
  '0029_scoped_match_keys': m0029,
  '0030_document_numbers': m0030,
  '0031_products': m0031,
  '0032_price_lists': m0032,
  '0033_quotes': m0033,
  '0034_orders': m0034,
  '0035_letterhead': m0035,
  '0036_product_imports': m0036,
  '0037_sales_document_files': m0037,
  '0038_customer_products': m0038,
  '0039_order_import_records': m0039,
  '0040_analytics': m0040,
  '0041_product_rules': m0041,
  '0042_customer_analytics_fields': m0042,
  '0043_reports': m0043,
  '0044_forecast_snapshots': m0044,
  '0045_next_actions': m0045,
  '0046_potentials': m0046,
  '0047_margins': m0047,
  '0048_customer_scores': m0048,
  '0049_mailboxes': m0049,
  '0050_emails': m0050,
  '0051_email_templates': m0051,
  '0052_email_search': m0052,
  '0053_appointments': m0053,
  '0054_dav': m0054,
  '0055_shared_login_emails': m0055,
  '0062_record_access': m0062,
  '0059_oidc': m0059,
  '0057_two_factor': m0057,
  '0058_account': m0058,
  '0061_privacy': m0061,
  '0060_consents': m0060,
  '0063_confidential_notes': m0063,
  '0064_owner_in_scope': m0064,
};
