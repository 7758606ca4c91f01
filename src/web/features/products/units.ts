// The units a product is sold in, labelled in the user's language (Stück, Stunde, Pauschal, …):
// one place for the catalogue and for quotes and orders, which show a line's unit the same way.
import type { TFunction } from 'i18next';
import { productUnits } from '../../../contract/products.ts';

export type ProductUnit = (typeof productUnits)[number];
export { productUnits };

/** The unit as the user reads it ("Stunde", "hour"); an unknown unit as it is written. */
export function unitLabel(t: TFunction, unit: string | null | undefined): string {
  if (!unit) return '';
  return t(`products.units.${unit}`, { defaultValue: unit });
}

/** The units as choices of a select, in the catalogue's order. */
export function unitOptions(t: TFunction): Array<{ value: ProductUnit; label: string }> {
  return productUnits.map((unit) => ({ value: unit, label: unitLabel(t, unit) }));
}
