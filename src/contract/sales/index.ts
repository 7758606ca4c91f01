// Sales documents (quotes, orders): exact totals and the shapes they are computed from.
export {
  type SalesDocumentInput,
  type SalesDocumentRules,
  salesAmount,
  salesDiscount,
  salesDocumentInput,
  salesLineInput,
  salesPercent,
  salesQuantity,
  taxTreatments,
} from './input.ts';
export {
  computeSalesTotals,
  minorUnitsOf,
  type SalesDiscount,
  type SalesItemLine,
  type SalesLineTotal,
  type SalesTextLine,
  type SalesTotals,
  SalesTotalsError,
  type SalesTotalsInput,
  type SalesVatGroup,
  type TaxTreatment,
} from './totals.ts';
export { normalVatRate, vatRatesFor } from './vatRates.ts';
export type { PrintLanguage, PrintLetterhead, PrintLine, SalesDocumentPrint } from './print.ts';
