// The workspace's letterhead: its fields checked (IBAN check digits, BIC, country, logo by its
// first bytes and size), stored, shown, and turned into what a printed document carries
// (letterheadFor). A workspace that has set nothing prints its name.
import { createHash } from 'node:crypto';
import {
  bicPattern,
  compactIban,
  ibanProblem,
  type Letterhead,
  type LetterheadPatch,
  maxLogoBytes,
} from '../../../contract/letterhead.ts';
import type { PrintLanguage, PrintLetterhead } from '../../../contract/sales/print.ts';
import type { AppContext } from '../../platform/context.ts';
import { countryCode } from '../../platform/countries.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { type FieldError, invalid, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { renderSalesPdfInWorker } from '../salesPdf/index.ts';
import { sampleQuote } from '../salesPdf/salesPdf.sample.ts';
import * as repo from './letterhead.repository.ts';

type LogoType = 'image/png' | 'image/jpeg';

async function present(tx: Db, ws: string, row: repo.LetterheadRow | undefined): Promise<Letterhead> {
  const settings = await workspaceSettings(tx, ws);
  return {
    companyName: row?.company_name ?? settings.name,
    street: row?.street ?? null,
    postalCode: row?.postal_code ?? null,
    city: row?.city ?? null,
    country: row?.country ?? settings.defaultCountry,
    phone: row?.phone ?? null,
    email: row?.email ?? null,
    website: row?.website ?? null,
    vatId: row?.vat_id ?? null,
    taxNumber: row?.tax_number ?? null,
    registerCourt: row?.register_court ?? null,
    registerNumber: row?.register_number ?? null,
    management: row?.management ?? null,
    bankName: row?.bank_name ?? null,
    iban: row?.iban ?? null,
    bic: row?.bic ?? null,
    logo: row?.logo_type && row.logo_sha256 ? { contentType: row.logo_type, sha256: row.logo_sha256 } : null,
    version: row?.version ?? 0,
    updatedAt: row?.updated_at.toISOString() ?? null,
  };
}

/** The patch as columns, each value checked; all problems at once as one 422. */
function columnsOf(patch: LetterheadPatch): repo.LetterheadColumns {
  const errors: FieldError[] = [];
  const columns: repo.LetterheadColumns = {};
  const set = <K extends keyof repo.LetterheadColumns>(key: K, value: repo.LetterheadColumns[K] | undefined) => {
    if (value !== undefined) columns[key] = value;
  };
  set('company_name', patch.companyName);
  set('street', patch.street);
  set('postal_code', patch.postalCode);
  set('city', patch.city);
  set('phone', patch.phone);
  set('email', patch.email);
  set('website', patch.website);
  set('tax_number', patch.taxNumber);
  set('register_court', patch.registerCourt);
  set('register_number', patch.registerNumber);
  set('management', patch.management);
  set('bank_name', patch.bankName);
  if (patch.country !== undefined) {
    const code = patch.country === null ? null : countryCode(patch.country);
    if (patch.country !== null && !code)
      errors.push({ path: 'country', code: 'invalid_choice', message: 'is not a country code like DE' });
    columns.country = code;
  }
  if (patch.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(patch.email))
    errors.push({ path: 'email', code: 'invalid_email', message: 'is not a valid email address' });
  if (patch.vatId !== undefined) {
    const vatId = patch.vatId === null ? null : patch.vatId.replace(/[\s.-]+/g, '').toUpperCase();
    if (vatId && !/^[A-Z]{2}[A-Z0-9+*]{2,13}$/.test(vatId))
      errors.push({ path: 'vatId', code: 'invalid_format', message: 'is not a VAT ID like DE123456789' });
    columns.vat_id = vatId;
  }
  if (patch.iban !== undefined) {
    const problem = patch.iban === null ? null : ibanProblem(patch.iban);
    if (problem) errors.push({ path: 'iban', code: 'invalid_format', message: problem });
    columns.iban = patch.iban === null ? null : compactIban(patch.iban);
  }
  if (patch.bic !== undefined) {
    const bic = patch.bic === null ? null : patch.bic.replace(/\s+/g, '').toUpperCase();
    if (bic && !bicPattern.test(bic))
      errors.push({ path: 'bic', code: 'invalid_format', message: 'is not a BIC (8 or 11 letters and digits)' });
    columns.bic = bic;
  }
  if (errors.length > 0) throw invalid(errors, 'The letterhead has invalid fields; nothing was changed.');
  return columns;
}

/** The image type by its first bytes (a name or a declared type can lie). */
function logoTypeOf(bytes: Uint8Array): LogoType | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length > png.length && png.every((byte, index) => bytes[index] === byte)) return 'image/png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

function checkedLogo(bytes: Uint8Array): LogoType {
  if (bytes.length > maxLogoBytes)
    throw invalid(
      [{ path: 'logo', code: 'too_big', message: `has ${bytes.length} bytes; a logo has at most ${maxLogoBytes}` }],
      'The logo is too large.',
    );
  const type = logoTypeOf(bytes);
  if (!type)
    throw invalid(
      [{ path: 'logo', code: 'invalid_format', message: 'is neither a PNG nor a JPEG image' }],
      'The logo must be a PNG or JPEG image.',
    );
  return type;
}

/** What a printed document of the workspace carries as its sender, in the document's language. */
export async function letterheadFor(
  tx: Db,
  workspaceId: string,
  language: PrintLanguage = 'de',
): Promise<PrintLetterhead> {
  const row = await repo.findLetterhead(tx, workspaceId);
  const shown = await present(tx, workspaceId, row);
  const logo = row?.logo_type ? await repo.findLogo(tx, workspaceId) : undefined;
  const country =
    shown.country && row?.street
      ? new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }).of(shown.country)
      : undefined;
  const place = [shown.postalCode, shown.city].filter(Boolean).join(' ');
  const register = [shown.registerCourt, shown.registerNumber].filter(Boolean).join(', ');
  return {
    companyName: shown.companyName,
    addressLines: [shown.street, place, country].filter((line): line is string => !!line),
    phone: shown.phone,
    email: shown.email,
    website: shown.website,
    vatId: shown.vatId,
    taxNumber: shown.taxNumber,
    register: register || null,
    management: shown.management
      ? `${language === 'de' ? 'Geschäftsführung' : 'Managing directors'}: ${shown.management}`
      : null,
    bankName: shown.bankName,
    iban: shown.iban,
    bic: shown.bic,
    logo: logo ? new Uint8Array(logo.bytes) : null,
  };
}

/** The letterhead through the API: everyone reads it, managers change it. */
export function letterheadService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    get: (actor: Actor) =>
      inTenant(db, actor, async (tx) =>
        present(tx, actor.workspaceId, await repo.findLetterhead(tx, actor.workspaceId)),
      ),
    update: (actor: Actor, patch: LetterheadPatch) => {
      const columns = columnsOf(patch);
      return inTenant(db, actor, async (tx) =>
        present(tx, actor.workspaceId, await repo.saveLetterhead(tx, actor.workspaceId, columns)),
      );
    },
    setLogo: (actor: Actor, bytes: Uint8Array) => {
      const type = checkedLogo(bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return inTenant(db, actor, async (tx) => {
        const row = await repo.saveLetterhead(tx, actor.workspaceId, { logo_type: type, logo_sha256: sha256 });
        await repo.saveLogo(tx, actor.workspaceId, type, Buffer.from(bytes));
        return present(tx, actor.workspaceId, row);
      });
    },
    deleteLogo: (actor: Actor) =>
      inTenant(db, actor, async (tx) => {
        if (!(await repo.deleteLogo(tx, actor.workspaceId))) throw notFound('logo');
        const row = await repo.saveLetterhead(tx, actor.workspaceId, { logo_type: null, logo_sha256: null });
        return present(tx, actor.workspaceId, row);
      }),
    getLogo: (actor: Actor) =>
      inTenant(db, actor, async (tx) => {
        const logo = await repo.findLogo(tx, actor.workspaceId);
        if (!logo) throw notFound('logo');
        return logo;
      }),
    /** A sample quote printed with the workspace's letterhead, rendered in a worker thread. */
    async preview(actor: Actor, language: PrintLanguage): Promise<Uint8Array> {
      const letterhead = await inTenant(db, actor, (tx) => letterheadFor(tx, actor.workspaceId, language));
      return renderSalesPdfInWorker(sampleQuote({ language, letterhead, extras: true }));
    },
  };
}
