// A product row's body, before it is validated: the fields as the product API takes them, and
// the VAT rate checked against the workspace's country, so that a rate the country does not
// have is the row's problem ("not one of 19, 7, 0"), not a refused write.
import { productPatch } from '../../../contract/products.ts';
import type { ImportRowProblem } from '../../../contract/imports.ts';
import { normalVatRate, vatRatesFor } from '../../../contract/sales/vatRates.ts';

/**
 * What an import row of products is validated with: any field of a product, the SKU required.
 * The SKU decides whether the row makes a product or changes one (match `sku`); a new product's
 * other required fields (name, unit, price) are checked when it is written.
 */
export const productImport = productPatch.required({ sku: true });

/** The part of the importer's body builder (imports.build.ts) a product row uses. */
interface RowBody {
  set(key: string, field: string, value?: unknown): void;
  text(field: string): string | null;
}

export function productBody<B extends RowBody>(
  body: B,
  values: Record<string, unknown>,
  env: { defaultCountry: string },
  problems: ImportRowProblem[],
  line: number,
): B {
  for (const key of ['sku', 'name', 'description', 'unit', 'listPrice', 'costPrice', 'productGroup'] as const)
    body.set(key, key);
  const currency = body.text('currency');
  if (currency) body.set('currency', 'currency', currency.toUpperCase());
  const rate = body.text('vatRate');
  if (rate) {
    const allowed = vatRatesFor(env.defaultCountry);
    let normal: string | null = null;
    try {
      normal = normalVatRate(rate);
    } catch {
      // Not a number at all: the schema names it below.
    }
    if (normal !== null && !allowed.includes(normal))
      problems.push({
        line,
        field: 'vatRate',
        code: 'invalid_choice',
        params: { reason: 'listed', value: rate, choices: allowed.join(', ') },
        message: `VAT rate: ${rate} % is not a rate of ${env.defaultCountry}; allowed: ${allowed.join(', ')}`,
      });
    else body.set('vatRate', 'vatRate', normal ?? rate);
  }
  if (typeof values.active === 'boolean') body.set('active', 'active', values.active);
  const tags = Array.isArray(values.tags) ? values.tags.filter((tag) => typeof tag === 'string' && tag !== '') : [];
  if (tags.length) body.set('tags', 'tags', tags);
  return body;
}
