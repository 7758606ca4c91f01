// The machine-readable codes of the API's problem documents and of their field errors: the
// one list the server answers with, the OpenAPI document shows and the web app translates.
// The English `detail` and `message` beside them are for people reading API answers; a
// program (and the web app) decides by `code`, which never changes once published.
import { z } from 'zod';

/**
 * Problem codes, each with the status it comes with and what it means. Codes are flat
 * snake_case names; each HTTP kind has a general one (`not_found`, `conflict`, `invalid`…)
 * and more specific ones where a client can do something better than show the detail
 * (`in_trash` offers the trash, `wrong_credentials` the password field).
 */
export const problemCodes = {
  // 400: the request cannot be read.
  bad_request: [400, 'The request is not valid; the detail says why.'],
  oidc_state_mismatch: [
    400,
    'Sign-in with the identity provider: the answer does not belong to a sign-in started in this browser lately (expired, or started elsewhere); start again.',
  ],
  validation: [400, 'Query, body or path do not fit the schema; `errors` name each field.'],
  malformed_id: [400, 'An id in the path is not a UUID.'],
  invalid_json: [400, 'The body is not valid JSON.'],
  invalid_xml: [400, 'DAV: the XML body is not well-formed, or not what the method takes.'],
  invalid_url: [400, 'The URL cannot be read (broken %-escapes, a part too long).'],
  invalid_cursor: [400, 'The cursor is invalid or belongs to another sort order.'],
  invalid_filter: [400, 'A list filter cannot be applied; `errors` name it.'],
  invalid_sort: [400, 'The list cannot be sorted that way.'],
  invalid_if_match: [400, 'If-Match is not an ETag this server sent.'],
  invalid_phone: [400, 'The phone number to look up cannot be read as one.'],
  invalid_email: [400, 'The email address to look up is not one.'],
  lookup_needs_one: [400, 'A lookup needs exactly one of phone or email.'],
  search_too_short: [400, 'The search needs a letter, a digit or (for numbers) three digits.'],
  value_too_long: [400, 'A value is longer than the database holds.'],
  number_out_of_range: [400, 'A number is out of range.'],
  invalid_date: [400, 'A date or time is invalid.'],
  invalid_format: [400, 'A value has the wrong format.'],
  invalid_text: [400, 'A text is not valid UTF-8 or holds a character that cannot be stored (\\u0000).'],
  value_too_large: [400, 'A value is too large to process.'],
  import_unknown_format: [
    400,
    'The import file is none of CSV, Excel (.xlsx), vCard or JSON; the detail says what it looks like.',
  ],
  import_not_text: [400, 'The import file is not a text file (it holds NUL bytes or binary data).'],
  import_file_unreadable: [400, 'The import file cannot be read in its format; the detail says where.'],
  import_too_many_columns: [400, 'The import file has more columns than an import takes (2,000).'],
  import_line_too_long: [400, 'A record of the import file is longer than an import takes (1 MB).'],
  // 401: who is calling is not known.
  unauthenticated: [401, 'Sign in or send an API token.'],
  wrong_credentials: [401, 'Sign-in: the email or the password is wrong.'],
  invalid_token: [401, 'The API token is invalid, expired or revoked.'],
  oidc_denied: [401, 'Sign-in with the identity provider: it did not sign the user in (cancelled or consent refused).'],
  second_factor_wrong: [
    401,
    'Sign-in: the code of the authenticator app or the recovery code is wrong, or was used already.',
  ],
  sign_in_expired: [
    401,
    'Sign-in: the pending sign-in waiting for its second factor is unknown, expired (5 minutes) or was tried too often; sign in with the password again.',
  ],
  // 403: known, but not allowed.
  forbidden: [403, "The caller's role does not allow this."],
  field_read_only: [
    403,
    "The write names a field the caller's role may not change (field rules, see GET /access-rules).",
  ],
  outside_scope: [
    403,
    "After this write the record would be outside the records the caller's role may see (access rules): keep the caller or their team as owner, or ask someone who sees all.",
  ],
  csrf_missing: [403, 'A write with the session cookie lacks the CSRF token from sign-in.'],
  password_sign_in_disabled: [
    403,
    'Sign-in: the workspace signs its users in through its identity provider only; use "Sign in with …".',
  ],
  oidc_email_unverified: [403, 'Sign-in with the identity provider: it did not confirm the email address as verified.'],
  oidc_domain_not_allowed: [
    403,
    "Sign-in with the identity provider: the email's domain is not one the workspace allows.",
  ],
  oidc_no_user: [
    403,
    'Sign-in with the identity provider: the workspace has no active user with this email, and does not create users on first sign-in.',
  ],
  two_factor_setup_required: [
    403,
    'The workspace asks this user for two-factor sign-in and they have not set it up: only the setup (`/auth/two-factor…`), `/auth/me` and sign-out answer until then.',
  ],
  // 404: nothing there (or nothing the caller may see: another workspace's records do not exist).
  not_found: [404, 'The record does not exist in this workspace.'],
  in_trash: [404, 'The record is in the trash of this workspace; restore it to use it.'],
  merged: [404, 'The record was merged into another; `mergedIntoId` names the one that holds its data now.'],
  no_route: [404, 'There is no such route.'],
  oidc_not_configured: [
    404,
    'Sign-in with the identity provider: the workspace has none set up (or it is switched off).',
  ],
  method_not_allowed: [405, 'The route does not take this method.'],
  not_acceptable: [406, 'The answer cannot be given in an accepted media type.'],
  // 409: the request contradicts what is stored.
  conflict: [409, 'The request contradicts the current state; the detail says how.'],
  duplicate: [409, 'A record with these values exists already.'],
  customer_number_taken: [
    409,
    'Another live record of this type in the workspace has this customer number (restoring one from the trash can meet it too).',
  ],
  sku_taken: [
    409,
    'Another live product in the workspace has this SKU (restoring one from the trash can meet it too).',
  ],
  price_list_name_taken: [409, 'Another live price list in the workspace has this name (ignoring case).'],
  default_price_list: [409, 'The default price list cannot be moved to the trash.'],
  quote_not_draft: [409, 'Quotes: only a draft changes or goes to the trash; revise a sent quote instead.'],
  quote_wrong_status: [409, "Quotes: the action does not fit the quote's status (the detail names both)."],
  quote_revision_open: [409, 'Quotes: a draft revision of this quote is open already; issue or trash it first.'],
  quote_ordered: [409, 'Quotes: the quote was turned into an order already.'],
  external_number_taken: [
    409,
    'Another live order in the workspace has this external number (restoring one from the trash can meet it too).',
  ],
  not_in_trash: [409, 'Restore: the record is not in the trash.'],
  contact_restricted: [
    409,
    'GDPR Art. 18: the contact (or a recipient) is restricted: it is kept, but not edited, trashed, imported over or emailed; a manager lifts the restriction first.',
  ],
  pipeline_in_trash: [409, "Restore: the deal's pipeline is in the trash; restore the pipeline first."],
  merge_undone: [409, 'Undo: the merge was undone already.'],
  merge_not_undoable: [409, 'Undo: a record of the merge was trashed or restored since; the detail says which.'],
  merge_survivor_changed: [
    409,
    'Undo: fields the merge gave the survivor were edited since; the undo would overwrite them (the detail names them).',
  ],
  import_merged_into: [
    409,
    'Undo import: records of the import hold others merged into them since; undo those merges first (the detail names them).',
  ],
  two_factor_on: [409, 'Two-factor sign-in is on already (turn it off before a new setup).'],
  two_factor_off: [409, 'Two-factor sign-in is off (or its setup was not started), so this cannot be done.'],
  no_system_mail: [
    409,
    'Password reset by email: this server sends no mail of its own (no FARLEY_SMTP_URL); an admin issues a one-time link instead.',
  ],
  blocked_value: [
    409,
    'Privacy: an email address or phone number belongs to a person erased on request (GDPR Art. 17) and is on the blocking list; `errors` name each field. An admin can take it off the list.',
  ],
  erasure_keeps_orders: [
    409,
    'Privacy: the contact has orders or quotes of their own (without a company), which commercial law keeps; anonymise instead of delete.',
  ],
  legal_hold: [409, 'Privacy: the record is under a legal hold; it cannot be erased until the hold is lifted.'],
  // 412/428: versions.
  stale_version: [412, 'The record was changed by someone else since its ETag; load it again.'],
  precondition_required: [428, 'The request needs an If-Match header.'],
  body_too_large: [413, 'The body is too large.'],
  uri_too_long: [414, 'The URL is too long.'],
  unsupported_media_type: [415, 'Send the body as application/json.'],
  // 422: readable, but the values break a rule.
  invalid: [422, 'Fields break a rule; `errors` name each field.'],
  password_too_short: [422, 'A new password: it has fewer than 12 characters.'],
  password_too_long: [422, 'A new password: it has more than 256 characters.'],
  password_common: [
    422,
    'A new password: it is one of the most common (breached) passwords, perhaps with digits or signs around it.',
  ],
  password_repetitive: [422, 'A new password: it repeats or counts up characters (aaaa…, abcd…).'],
  password_personal: [422, 'A new password: it contains the email address, the name or "farley".'],
  wrong_password: [422, 'Changing the password: the current password is wrong.'],
  reset_link_invalid: [
    422,
    'Password reset: the link is unknown, expired (1 hour by email, 24 hours from an admin) or used already; ask for a new one.',
  ],
  missing_reference: [422, 'A referenced record does not exist (or is in the trash).'],
  out_of_bounds: [422, 'A value is outside what is allowed.'],
  wrong_confirmation: [
    422,
    'Two-factor settings: the password or the code that confirms the change is wrong; `errors` name the field.',
  ],
  mailbox_unreachable: [
    422,
    'Mailboxes: the IMAP or SMTP server refused the settings; `errors` name the server and the failure (`imap.auth`, `smtp.dns`…), and nothing was saved.',
  ],
  email_not_sent: [
    422,
    'Emails: the SMTP server did not take the message (sign-in, connection or refusal); nothing was stored and the message can be sent again.',
  ],
  unknown_placeholder: [
    422,
    'Email templates: the subject or body has a name between braces that is no placeholder; `errors` name each ({{contact.shoeSize}}) at its field.',
  ],
  invalid_icalendar: [
    422,
    'Calendar: the iCalendar data cannot be used (not iCalendar, no VEVENT, mixed UIDs, too many events); the detail says why and nothing was stored.',
  ],
  invalid_recurrence: [
    422,
    'Calendar: the recurrence rule (RRULE) cannot be used: unknown frequency, out-of-range parts, or it never occurs.',
  ],
  unknown_time_zone: [422, 'Calendar: the time zone is not known to the server; use an IANA name like Europe/Berlin.'],
  oidc_discovery_failed: [
    422,
    'Identity provider settings: the issuer gave no OpenID Connect discovery document (.well-known/openid-configuration); the detail says why, and nothing was saved.',
  ],
  no_mailbox: [
    422,
    'Calendar: invitations go out through your own mailbox, and you have none connected (E-Mail-Konten).',
  ],
  // 429, 5xx: wait and retry.
  too_many_requests: [429, 'Too many requests; wait as `retry-after` says.'],
  too_many_sign_ins: [429, 'Too many failed sign-ins; wait as `retry-after` says.'],
  too_many_resets: [429, 'Too many password reset links asked for; wait as `retry-after` says.'],
  internal: [500, 'A fault on the server; it has been logged.'],
  unavailable: [503, 'The service is not available right now; retry.'],
  oidc_unavailable: [
    503,
    'Sign-in with the identity provider: it could not be reached or answered wrongly; retry later.',
  ],
  database_busy: [503, 'The database was busy (a conflict between transactions); retry.'],
  database_timeout: [503, 'The database cancelled a request that took too long.'],
  database_unavailable: [503, 'The database is not reachable right now; retry.'],
  exports_busy: [503, 'As many exports as this server runs at once are running; retry as `retry-after` says.'],
} as const satisfies Record<string, readonly [number, string]>;

export type ProblemCode = keyof typeof problemCodes;
export const problemCodeList = Object.keys(problemCodes) as ProblemCode[];

export function isProblemCode(value: unknown): value is ProblemCode {
  return typeof value === 'string' && Object.hasOwn(problemCodes, value);
}

/** Codes of field errors: what is wrong with the value at `path`. */
export const fieldErrorCodes = {
  required: 'The field is required and empty or missing.',
  too_long: 'The text is too long.',
  too_short: 'The text is too short.',
  too_many: 'The list has too many entries.',
  too_few: 'The list has too few entries.',
  too_big: 'The number is too big (or too late a date).',
  too_small: 'The number is too small (or too early a date).',
  wrong_type: 'The value has the wrong type (a text where a number belongs…).',
  invalid_email: 'Not an email address.',
  invalid_phone: 'Not a phone number.',
  invalid_date: 'Not a (real) date or time.',
  invalid_format: 'The value does not have the required format (see `message`).',
  invalid_choice: 'Not one of the allowed values.',
  malformed_id: 'Not an id (UUID).',
  unknown_field: 'The object has a field the schema does not know.',
  not_found: 'The record the value refers to does not exist (or is in the trash).',
  duplicate: 'The value occurs twice or exists already.',
  invalid: 'The value breaks a rule; `message` says which.',
} as const;

export type FieldErrorCode = keyof typeof fieldErrorCodes;
export const fieldErrorCodeList = Object.keys(fieldErrorCodes) as FieldErrorCode[];

export function isFieldErrorCode(value: unknown): value is FieldErrorCode {
  return typeof value === 'string' && Object.hasOwn(fieldErrorCodes, value);
}

/**
 * Codes of warnings: a value that was stored but looks wrong. A write answers with them in
 * `warnings` beside the record; nothing is refused for them.
 */
export const fieldWarningCodes = {
  phone_unlikely: 'The number has the shape of a phone number, but no such number is assigned in its country.',
  postal_code_unknown: 'No German postal code starts with 00.',
  postal_code_city_mismatch: "The postal code lies in another postal zone than the city's.",
  email_domain_typo: 'The email domain looks like a typo of a common one (gmial.com for gmail.com).',
} as const;

export type FieldWarningCode = keyof typeof fieldWarningCodes;

export const fieldWarning = z
  .object({
    path: z.string().meta({ description: 'The field, dotted: `addresses.0.postalCode`' }),
    code: z.enum(Object.keys(fieldWarningCodes) as FieldWarningCode[]),
    message: z.string(),
  })
  .meta({ id: 'FieldWarning', description: 'A value that was stored but looks wrong' });

export type FieldWarning = z.infer<typeof fieldWarning>;

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(problemCodeList).meta({ description: 'What went wrong, for programs; see docs/api.md' }),
    detail: z.string().meta({ description: 'What went wrong, in English, for people' }),
    errors: z
      .array(
        z.object({
          path: z.string().meta({ description: 'The field, dotted: `emails.0.email`, `query.phone`' }),
          code: z.enum(fieldErrorCodeList),
          message: z.string(),
        }),
      )
      .optional(),
    mergedIntoId: z
      .string()
      .optional()
      .meta({ description: 'With code `merged`: the record the requested one was merged into' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details with a stable `code`' });
